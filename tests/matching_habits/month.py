"""A third month generator: habits from what accountants report about GSTR-2B vs purchase registers.

Written from the status definitions in ``shared/datasets/README.md`` and from public accounts of
reconciliation trouble (reconciliation-tool issue trackers, CA and vendor articles: "12 conventional
errors faced during GST reconciliation", "invoice number mismatch", "GSTIN mismatch", "capital O
versus zero", "AST-1220 instead of AST-1202", Rule 46(b)'s 16 characters, TDS and freight in the
booked value). It shares no code with ``india_ims.synthetic`` or ``tests/matching_independent``.

Every document either agrees or carries one habit; the habit decides its true category:

- the books' supplier identity is wrong: GSTIN left blank, one or two characters mistyped into
  another valid GSTIN, two characters transposed, a wrong check character (mismatch: the same
  document, booked against a GSTIN that is not the supplier's)
- numbers as systems print them: invisible characters, other dashes and slashes, full-width
  forms, letters scanned for digits, a branch prefix, a year suffix, leading letters dropped, a
  number longer than GSTN keeps (suggested; exact when equal once trimmed and upper-cased)
- amounts and dates: round-off, the receipt date booked as the bill date, freight added, TDS
  deducted, a tax-inclusive value, a post-sale discount (suggested within ₹1 a head and 7 days,
  mismatch beyond)
- traps that must stay unpaired: an unregistered vendor's bill (blank GSTIN) with a common number
  on the same day; digit near-twins that look alike when scanned (3/8, 1/7, 6/8) at a supplier who
  bills one amount again and again; a GSTIN one character from another supplier's, other amounts
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType, ImsRecord, PurchaseDocument, Section
from india_ims.gst_india.gstin import check_character

from .sixth import PROFILE as SIXTH_PROFILE
from .sixth import SEVENTH, SEVENTH_PROFILE, SIXTH, sixth
from .slips import LOOK_ALIKE_DIGITS, clerk_number, long_printed, mistyped_gstin, name_variant, printed

STATE = "27"
START, END = date(2025, 9, 1), date(2025, 9, 30)  # September 2025: FY 2025-26
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORDS = ("Shree", "Ganesh", "Laxmi", "Balaji", "Sai", "Om", "Krishna", "Mahalaxmi", "Bharat", "National",
         "Royal", "Sunrise", "Global", "Apex", "Vijay", "Ambika", "Jai", "Durga", "Hind", "Star", "Metro",
         "Prime", "Kaveri", "Narmada", "Sahyadri", "Deccan", "Konkan", "Vidarbha", "Ajanta", "Everest")
TRADES = ("Traders", "Enterprises", "Steel", "Polymers", "Logistics", "Packaging", "Chemicals", "Agencies",
          "Electricals", "Hardware", "Textiles", "Pharma", "Services", "Industries", "Transport")
FORMS = ("Pvt Ltd", "Private Limited", "LLP", "& Co", "& Sons", "", "Ltd", "and Company")

# Numbering a supplier's billing system prints (September 2025, FY 2025-26).
NUMBERING = {
    "tally": lambda n: f"{n}",
    "tally_fy": lambda n: f"{n}/25-26",
    "busy": lambda n: f"INV-{n:05d}",
    "sap": lambda n: f"9{n:09d}",
    "zoho": lambda n: f"INV-{n:06d}",
    "erp_fy": lambda n: f"SI/25-26/{n:04d}",
    "branch": lambda n: f"PUN/{n:04d}",
    "letters": lambda n: f"GT{n:06d}",
    "long_fy": lambda n: f"TI/2025-2026/{n}",
    "dash_fy": lambda n: f"2526-{n:05d}",
}


@dataclass
class Supplier:
    gstin: str
    pan: str
    name: str
    numbering: str
    interstate: bool
    serial: int
    recurring: Amounts | None = None


@dataclass
class Month:
    ims: list[ImsRecord] = field(default_factory=list)
    purchases: list[PurchaseDocument] = field(default_factory=list)
    truth: list[dict] = field(default_factory=list)
    habits: dict[str, str] = field(default_factory=dict)


def make_gstin(state: str, pan: str, entity: str = "1") -> str:
    body = f"{state}{pan}{entity}Z"
    return body + check_character(body)


RECIPIENT = make_gstin(STATE, "AAGCM4521K")


def _pan(rng: random.Random) -> str:
    return "".join(rng.choices(UPPER, k=3)) + rng.choice("CFP") + rng.choice(UPPER) \
        + f"{rng.randrange(10_000):04d}" + rng.choice(UPPER)


def _amounts(rng: random.Random, interstate: bool, taxable: int | None = None) -> Amounts:
    taxable = taxable or rng.choice([rng.randrange(20_000, 900_000), rng.randrange(900_000, 40_000_000)])
    rate = rng.choice([5, 12, 18, 18, 28])
    tax = round(taxable * rate / 100)
    if interstate:
        return Amounts(taxable, tax, 0, 0, 0)
    return Amounts(taxable, 0, tax // 2, tax - tax // 2, 0)


def _heads(a: Amounts) -> tuple[int, ...]:
    return a.taxable_value, a.igst, a.cgst, a.sgst, a.cess


# ------------------------------------------------------------------ habits

HABITS = {  # name: (weight, category)
    "same": (44, "exact"),
    "nbsp_edges": (2, "exact"),
    "invisible": (2, "suggested"),
    "dash_slash": (2, "suggested"),
    "fullwidth": (1, "suggested"),
    "scanned": (3, "suggested"),
    "long_number": (2, "suggested"),
    "branch_prefix": (2, "suggested"),
    "year_suffix": (2, "suggested"),
    "leading_letters_dropped": (2, "suggested"),
    "round_off": (2, "suggested"),
    "receipt_date_close": (3, "suggested"),
    "receipt_date_far": (1, "mismatch"),
    "freight_added": (2, "mismatch"),
    "tds_net": (1, "mismatch"),
    "tax_inclusive": (1, "mismatch"),
    "discount_later": (1, "mismatch"),
    "decimal_shift": (1, "mismatch"),
    "gstin_blank": (2, "mismatch"),
    "gstin_one_char": (2, "mismatch"),
    "gstin_two_chars": (1, "mismatch"),
    "gstin_transposed": (1, "mismatch"),
    "gstin_check": (1, "mismatch"),
    "gstin_blank_rewritten": (1, "mismatch"),
    # second batch, written before the engine was tuned to it
    "gstin_three_chars": (1, "mismatch"),
    "gstin_blank_and_freight": (1, "mismatch"),
    "challan_number_booked": (1, "mismatch"),
    "excel_scientific_number": (1, "mismatch"),
    "branch_code_moved": (1, "suggested"),
    "blocked_credit": (1, "mismatch"),
    "month_end_date": (1, "mismatch"),
    # third batch, written and scored before any rule for it
    "gstin_state_typed_wrong": (1, "mismatch"),
    "supplier_ledger_code": (1, "suggested"),
    "credit_note_without_gstin": (1, "mismatch"),
    "debit_note_gstin_typo": (1, "mismatch"),
    "prefix_letter_misread": (1, "suggested"),
    "tab_or_quote_inside": (1, "suggested"),
    "name_only_prefix_and_round_off": (1, "mismatch"),
    # fourth batch (issue 18), written and scored before any rule for it
    "serial_like_a_year": (1, "suggested"),
    "letter_for_digit_before_suffix": (1, "suggested"),
    "igst_booked_as_cgst_sgst": (1, "mismatch"),
    "booked_twice": (1, "exact"),
    "branch_code_glued": (1, "suggested"),
    "credit_note_as_purchase_return": (1, "exact"),
    "debit_note_as_invoice": (1, "mismatch"),
    # the dataset's definitions list the financial-year token among a Suggested Match's clerical
    # differences; the bill's date is this year's, so last year's token is the clerk's slip
    "last_years_prefix_typed": (1, "suggested"),
    "invoice_prefix_added": (1, "suggested"),
    "order_date_typed": (1, "suggested"),
    "sister_unit_gstin": (1, "mismatch"),
    "day_month_swapped": (1, "mismatch"),
    # fifth batch (issue 18), scored before its rule: Excel, e-invoice and GSTIN typing habits
    "excel_decimal_number": (1, "suggested"),
    "einvoice_ack_booked": (1, "mismatch"),
    "gstin_typed_loosely": (1, "exact"),
    "number_year_typed_wrong": (1, "suggested"),
    # sixth and seventh batches (issue 19): sixth.py
    **{name: (1, category) for name, category in (SIXTH | SEVENTH).items()},
    "missing_in_pi": (6, "missing_in_pi"),
    "missing_in_ims": (4, "missing_in_ims"),
    "trap_unregistered_same_number": (2, "missing_in_pi"),
    "trap_look_alike_twin": (2, "missing_in_pi"),
    "trap_gstin_neighbour": (1, "missing_in_pi"),
}
PROFILES = {
    "identity": {"gstin_blank": 4, "gstin_one_char": 4, "gstin_two_chars": 4, "gstin_transposed": 4,
                 "gstin_check": 4, "gstin_blank_rewritten": 4, "trap_unregistered_same_number": 3,
                 "trap_gstin_neighbour": 4},
    "numbers": {"invisible": 4, "dash_slash": 4, "fullwidth": 4, "scanned": 4, "long_number": 4,
                "branch_prefix": 3, "year_suffix": 3, "leading_letters_dropped": 3, "nbsp_edges": 2,
                "trap_look_alike_twin": 4},
    "values": {"round_off": 3, "receipt_date_close": 3, "receipt_date_far": 3, "freight_added": 4,
               "tds_net": 4, "tax_inclusive": 4, "discount_later": 4, "decimal_shift": 3},
    "mixed": {},
    "third": {"gstin_state_typed_wrong": 5, "supplier_ledger_code": 5, "credit_note_without_gstin": 5,
              "debit_note_gstin_typo": 5, "prefix_letter_misread": 5, "tab_or_quote_inside": 5,
              "name_only_prefix_and_round_off": 5},
    "fourth": {"serial_like_a_year": 5, "letter_for_digit_before_suffix": 5, "igst_booked_as_cgst_sgst": 4,
               "booked_twice": 4, "branch_code_glued": 4, "credit_note_as_purchase_return": 4,
               "debit_note_as_invoice": 4, "last_years_prefix_typed": 4, "invoice_prefix_added": 4,
               "order_date_typed": 4, "sister_unit_gstin": 4, "day_month_swapped": 4,
               "trap_look_alike_twin": 3},
    "fifth": {"excel_decimal_number": 6, "einvoice_ack_booked": 5, "gstin_typed_loosely": 5,
              "number_year_typed_wrong": 5, "serial_like_a_year": 3},
    "sixth": {**SIXTH_PROFILE, "missing_in_pi": 1},
    "seventh": {**SEVENTH_PROFILE, "missing_in_pi": 1},
    "second": {"gstin_three_chars": 5, "gstin_blank_and_freight": 5, "challan_number_booked": 5,
               "excel_scientific_number": 5, "branch_code_moved": 5, "blocked_credit": 5, "month_end_date": 5,
               "trap_unregistered_same_number": 3, "trap_gstin_neighbour": 3},
}


class Builder:
    def __init__(self, seed: int, n_suppliers: int):
        self.rng = random.Random(seed)
        self.month = Month()
        self.count = 0
        self.used: dict[str, set] = {}  # numbers a habit chose itself, per supplier
        self.suppliers = [self._supplier() for _ in range(n_suppliers)]

    def _supplier(self) -> Supplier:
        rng = self.rng
        pan = _pan(rng)
        interstate = rng.random() < 0.3
        state = rng.choice(["24", "29", "07", "33", "09"]) if interstate else STATE
        name = " ".join(p for p in (rng.choice(WORDS), rng.choice(TRADES), rng.choice(FORMS)) if p)
        return Supplier(make_gstin(state, pan), pan, name, rng.choice(sorted(NUMBERING)), interstate,
                        rng.randrange(1, 3000))

    def next_number(self, s: Supplier) -> tuple[int, str]:
        serial = s.serial
        s.serial += self.rng.choice([1, 1, 1, 2])
        return serial, NUMBERING[s.numbering](serial)

    def report(self, s: Supplier, number: str, day: date, amounts: Amounts,
               section: Section = Section.B2B, original: str | None = None,
               original_day: date | None = None) -> ImsRecord:
        record = ImsRecord(section=section, supplier_gstin=s.gstin, document_number=number,
                           document_date=day, supplier_return_period="092025",
                           document_value=amounts.taxable_value + amounts.total_tax, amounts=amounts,
                           place_of_supply=STATE, invoice_type="R", original_number=original,
                           original_date=original_day)
        self.month.ims.append(record)
        return record

    def book(self, gstin: str, name: str, number: str, day: date | None, amounts: Amounts,
             posting: date | None = None, kind: DocumentType = DocumentType.INVOICE) -> str:
        self.count += 1
        pi = f"PINV-25-{self.count:06d}"
        self.month.purchases.append(PurchaseDocument(
            name=pi, supplier_gstin=gstin, document_type=kind, bill_no=number, bill_date=day,
            amounts=amounts, place_of_supply=STATE, company_gstin=RECIPIENT, supplier_name=name,
            posting_date=posting or day, grand_total=amounts.taxable_value + amounts.total_tax))
        return pi

    def truth(self, record: ImsRecord | None, pi: str | None, category: str, habit: str) -> None:
        self.month.truth.append({
            "section": record.section.value if record else "",
            "supplier_gstin": record.supplier_gstin if record else "",
            "document_number": record.document_number if record else "",
            "purchase_invoice": pi or "", "category": category})
        self.month.habits[pi or f"{record.supplier_gstin}:{record.document_number}"] = habit


def _day(rng: random.Random) -> date:
    return START + timedelta(days=rng.randrange(30))


def _apply(b: Builder, s: Supplier, habit: str, category: str) -> None:
    rng = b.rng
    serial, number = b.next_number(s)
    day = _day(rng)
    amounts = _amounts(rng, s.interstate)
    name = name_variant(s.name, rng)

    if habit == "long_number":
        full, kept = long_printed(serial, rng)
        record = b.report(s, kept, day, amounts)
        b.truth(record, b.book(s.gstin, name, full, day, amounts), category, habit)
        return
    if habit.startswith("trap_"):
        _trap(b, s, habit, serial, number, day, amounts)
        return
    if habit in SIXTH or habit in SEVENTH:
        sixth(b, s, habit, category, serial, number, day, amounts, name)
        return
    if habit in FOURTH:
        _fourth(b, s, habit, category, serial, number, day, amounts, name)
        return
    if habit in ("credit_note_without_gstin", "debit_note_gstin_typo"):
        # a note of the supplier's booked without its GSTIN or with it mistyped (a return negative)
        credit = habit.startswith("credit")
        note = f"{'CN' if credit else 'DN'}/25-26/{serial:04d}"
        record = b.report(s, note, day, amounts, Section.B2BCN if credit else Section.B2BDN)
        booked = amounts.negated() if credit else amounts
        gstin = "" if credit else mistyped_gstin(s.gstin, rng, "one")
        pi = b.book(gstin, name, note, day, booked,
                    kind=DocumentType.CREDIT_NOTE if credit else DocumentType.DEBIT_NOTE)
        b.truth(record, pi, category, habit)
        return
    record = b.report(s, number, day, amounts)
    gstin, booked_number, booked_day, booked = s.gstin, number, day, amounts
    posting = None
    if habit in ("nbsp_edges", "invisible", "dash_slash", "fullwidth", "scanned"):
        booked_number = printed(number, rng, habit)
        if booked_number.strip().upper() == number.upper():
            category = "exact"
    elif habit in ("branch_prefix", "year_suffix", "leading_letters_dropped"):
        booked_number = clerk_number(number, serial, s, rng, habit)
        if booked_number == number:  # a plain serial has no letters to drop
            category = "exact"
    elif habit == "round_off":
        booked = Amounts(*(round(v / 100) * 100 for v in _heads(amounts)))
        if max(abs(x - y) for x, y in zip(_heads(amounts), _heads(booked))) <= 1:
            category = "exact"
    elif habit == "receipt_date_close":  # the goods arrived a few days later: receipt date typed as bill date
        booked_day = day + timedelta(days=rng.randrange(1, 7))
        posting = booked_day
    elif habit == "receipt_date_far":
        booked_day = day + timedelta(days=rng.randrange(10, 40))
        posting = booked_day
    elif habit == "freight_added":  # the transporter's freight folded into the supplier's taxable value
        booked = Amounts(amounts.taxable_value + rng.randrange(50_000, 500_000), *_heads(amounts)[1:])
    elif habit == "tds_net":  # Section 194C/194J: booked net of 1% / 2% / 10% TDS
        rate = rng.choice([1, 2, 10])
        booked = Amounts(amounts.taxable_value - amounts.taxable_value * rate // 100, *_heads(amounts)[1:])
    elif habit == "tax_inclusive":
        booked = Amounts(amounts.taxable_value + amounts.total_tax, *_heads(amounts)[1:])
    elif habit == "discount_later":  # a post-sale discount netted in the books, no credit note in GSTN
        cut = amounts.taxable_value * rng.choice([2, 3, 5]) // 100
        booked = Amounts(amounts.taxable_value - cut, *_heads(amounts)[1:])
    elif habit == "decimal_shift":
        booked = Amounts(amounts.taxable_value * 10, *_heads(amounts)[1:])
    elif habit == "gstin_blank":
        gstin = ""
    elif habit == "gstin_blank_rewritten":
        gstin = ""
        booked_number = clerk_number(number, serial, s, rng, rng.choice(["year_suffix", "branch_prefix"]))
    elif habit == "gstin_three_chars":
        gstin = mistyped_gstin(s.gstin, rng, "three")
    elif habit == "gstin_blank_and_freight":  # "supplier name only", and the freight folded in
        gstin = ""
        booked = Amounts(amounts.taxable_value + rng.randrange(50_000, 300_000), *_heads(amounts)[1:])
    elif habit == "challan_number_booked":
        # the delivery challan's or the purchase order's number typed instead of the invoice's
        booked_number = rng.choice(["DC-", "PO/", "CH", "GRN-"]) + str(rng.randrange(100, 99_999))
    elif habit == "excel_scientific_number":
        # a long numeric number through Excel: 9000000301 saved as 9.00E+09 (a short one as a challan's)
        if number.isdigit() and len(number) >= 10:
            booked_number = f"{int(number):.2E}".replace("E+0", "E+")
        else:
            booked_number = "DC-" + str(rng.randrange(100, 99_999))
    elif habit == "branch_code_moved":  # the branch code typed in the middle: SI/25-26/45 -> SI/MUM/25-26/45
        cut = next((k for k, c in enumerate(number) if c in "/-"), None)
        booked_number = number[:cut + 1] + "MUM" + number[cut] + number[cut + 1:] if cut else "MUM/" + number
    elif habit == "blocked_credit":  # Section 17(5): the tax booked as cost, none as input tax
        booked = Amounts(amounts.taxable_value, 0, 0, 0, 0)
    elif habit == "month_end_date":  # every bill of the month dated its last day
        booked_day = END if (END - day).days > 7 else day - timedelta(days=rng.randrange(10, 20))
    elif habit == "gstin_state_typed_wrong":  # 27 typed 72 (no state) or the state of another office
        gstin = rng.choice(["72", "29" if s.gstin[:2] != "29" else "24"]) + s.gstin[2:14]
        gstin += check_character(gstin) if gstin[:2] != "72" else s.gstin[14]
    elif habit == "supplier_ledger_code":  # the clerk's ledger code for the supplier before the number
        booked_number = f"S{rng.randrange(1, 999):03d}-" + number
    elif habit == "prefix_letter_misread":  # INV read as lNV, SI as 5I, GT as G7
        swaps = {"I": "l", "S": "5", "T": "7", "O": "0", "B": "8"}
        spots = [k for k, c in enumerate(number) if c in swaps and not number[max(0, k - 1)].isdigit()]
        booked_number = number[:spots[0]] + swaps[number[spots[0]]] + number[spots[0] + 1:] if spots \
            else number.lower()
        if booked_number.upper() == number.upper():
            category = "exact"
    elif habit == "tab_or_quote_inside":
        cut = max(1, len(number) // 2)
        booked_number = number[:cut] + rng.choice(["\t", "’", "'", '"', "`"]) + number[cut:]
        if booked_number.strip().upper() == number.upper():  # a tab after a one-character number
            category = "exact"
    elif habit == "name_only_prefix_and_round_off":
        gstin = ""
        booked_number = clerk_number(number, serial, s, rng, "branch_prefix")
        booked = Amounts(*(round(v / 100) * 100 for v in _heads(amounts)))
    elif habit == "gstin_one_char":
        gstin = mistyped_gstin(s.gstin, rng, "one")
    elif habit == "gstin_two_chars":
        gstin = mistyped_gstin(s.gstin, rng, "two")
    elif habit == "gstin_transposed":
        gstin = mistyped_gstin(s.gstin, rng, "transposed")
    elif habit == "gstin_check":
        gstin = mistyped_gstin(s.gstin, rng, "check")
    elif habit == "missing_in_pi":
        b.truth(record, None, category, habit)
        return
    elif habit == "missing_in_ims":
        b.month.ims.pop()
        b.truth(None, b.book(s.gstin, name, number, day, amounts), category, habit)
        return
    elif habit != "same":
        raise ValueError(habit)
    b.truth(record, b.book(gstin, name, booked_number, booked_day, booked, posting), category, habit)


FOURTH = frozenset((
    "serial_like_a_year", "letter_for_digit_before_suffix", "igst_booked_as_cgst_sgst", "booked_twice",
    "branch_code_glued", "credit_note_as_purchase_return", "debit_note_as_invoice", "last_years_prefix_typed",
    "invoice_prefix_added", "order_date_typed", "sister_unit_gstin", "day_month_swapped",
    "excel_decimal_number", "einvoice_ack_booked", "gstin_typed_loosely", "number_year_typed_wrong"))
# Serials that read as a financial year (16-17 to 39-40), and digits a clerk types as letters.
YEAR_LIKE = tuple(int(f"{y}{y + 1}") for y in range(16, 40))
AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}


def _fourth(b: Builder, s: Supplier, habit: str, category: str, serial: int, number: str, day: date,
            amounts: Amounts, name: str) -> None:
    """The fourth batch: habits from the issue's list of what practitioners report."""
    rng = b.rng
    gstin, booked_number, booked_day, booked, kind = s.gstin, number, day, amounts, DocumentType.INVOICE
    section = Section.B2B
    if habit == "serial_like_a_year":
        # a supplier numbering state/year/serial with a letter series (MH/2025/01617A); the clerk
        # drops the zeros, or types the serial and its letter alone; half the time with freight added
        used = b.used.setdefault(s.gstin, set())
        year_like = rng.choice([y for y in YEAR_LIKE if y not in used] or [rng.randrange(40_000, 90_000)])
        used.add(year_like)
        number = f"MH/2025/{year_like:05d}A"
        booked_number = rng.choice([f"MH/2025/{year_like}A", f"{year_like}A", f"MH-2025-{year_like}A"])
        if rng.random() < 0.5:
            booked = Amounts(amounts.taxable_value + rng.randrange(50_000, 300_000), *_heads(amounts)[1:])
            category = "mismatch"
    elif habit == "letter_for_digit_before_suffix":
        # CN241A typed CN24IA: the digit before a series letter typed as the letter it resembles
        digits = str(serial)
        if digits[-1] not in AS_LETTER:
            digits = digits[:-1] + rng.choice(sorted(AS_LETTER))
        number = f"{rng.choice(['CN', 'TX', 'RM', 'PK'])}{digits}{rng.choice(['A', 'R', 'E', 'K'])}"
        used = b.used.setdefault(s.gstin, set())
        if number in used:
            number = number[:-1] + "Q"
        used.add(number)
        letter = AS_LETTER[digits[-1]]
        booked_number = number[:-2] + (letter if letter != "I" or rng.random() < 0.6 else "l") + number[-1]
    elif habit == "igst_booked_as_cgst_sgst":  # an inter-state bill booked with the local heads
        # (or, at a local supplier, the other way round: CGST+SGST booked as IGST)
        tax = amounts.total_tax
        heads = (Amounts(amounts.taxable_value, tax, 0, 0, 0),
                 Amounts(amounts.taxable_value, 0, tax // 2, tax - tax // 2, 0))
        booked = heads[0] if amounts.igst == 0 else heads[1]
    elif habit == "booked_twice":  # the bill entered twice (a copy from email and the paper): one pairs
        record = b.report(s, number, day, amounts)
        b.truth(record, b.book(gstin, name, number, day, amounts), "exact", habit)
        later = day + timedelta(days=rng.randrange(0, 20))
        copy = b.book(gstin, name, number, day, amounts, posting=later)
        b.truth(None, copy, "missing_in_ims", habit + "_copy")
        return
    elif habit == "branch_code_glued":  # the branch code typed onto the serial: 1045MUM
        booked_number = number + rng.choice(["MUM", "PUNE", "BLR", "DEL", "WH"])
    elif habit == "credit_note_as_purchase_return":
        # ERPNext books a supplier's credit note as a purchase return, which it calls a Debit Note
        number = f"CN/25-26/{serial:04d}"
        section, kind = Section.B2BCN, DocumentType.DEBIT_NOTE
        booked_number, booked = number, amounts.negated()
    elif habit == "debit_note_as_invoice":  # the supplier's debit note booked as a purchase invoice
        number = booked_number = f"DN/25-26/{serial:04d}"
        section = Section.B2BDN
    elif habit == "last_years_prefix_typed":  # last year's series copied: SI/24-25/0045 for SI/25-26/0045
        number = f"SI/25-26/{serial:04d}"
        booked_number = number.replace("25-26", "24-25")
    elif habit == "invoice_prefix_added":  # the clerk writes INV- or TI/ before a bare serial
        number = str(serial)
        booked_number = rng.choice(["INV-", "TI/", "Inv ", "BILL-"]) + number
    elif habit == "order_date_typed":  # the order's or the challan's date, a few days before the bill's
        booked_day = day - timedelta(days=rng.randrange(1, 6))
    elif habit == "sister_unit_gstin":  # booked against the supplier's registration in another state
        state = rng.choice([c for c in ("24", "29", "07", "33", "09", "27") if c != s.gstin[:2]])
        gstin = make_gstin(state, s.pan)
    elif habit == "day_month_swapped":  # 05/09 read as 9 May
        day = date(2025, 9, rng.randrange(1, 13))
        booked_day = date(2025, day.day, 9) if day.day != 9 else date(2025, 9, 9)
        if booked_day == day:
            category = "exact"
    elif habit == "excel_decimal_number":
        # a numeric number through a spreadsheet: 1045 saved as 1045.0; half the time with freight
        number = str(serial) if not number.isdigit() else number
        booked_number = number + rng.choice([".0", ".0", ".00"])
        if rng.random() < 0.5:
            booked = Amounts(amounts.taxable_value + rng.randrange(50_000, 300_000), *_heads(amounts)[1:])
            category = "mismatch"
    elif habit == "einvoice_ack_booked":  # the e-invoice's acknowledgement or the e-way bill's number
        ack, eway = f"1125{rng.randrange(10**10, 10**11)}", f"{rng.randrange(10**11, 10**12)}"
        booked_number = rng.choice([ack, eway])
    elif habit == "gstin_typed_loosely":  # lower case, a space in it or after it
        gstin = rng.choice([s.gstin.lower(), s.gstin + " ", f"{s.gstin[:2]} {s.gstin[2:]}", " " + s.gstin])
    elif habit == "number_year_typed_wrong":  # MH/2025/00451 typed MH/2024/00451 (last year's habit)
        number = f"MH/2025/{serial:05d}"
        booked_number = number.replace("/2025/", "/2024/")
    else:
        raise ValueError(habit)
    record = b.report(s, number, day, amounts, section)
    b.truth(record, b.book(gstin, name, booked_number, booked_day, booked, kind=kind), category, habit)


def _trap(b: Builder, s: Supplier, habit: str, serial: int, number: str, day: date, amounts: Amounts) -> None:
    rng = b.rng
    if habit == "trap_unregistered_same_number":
        # a bill of the supplier, reported and not booked; the books hold the same number from a
        # vendor without GSTIN (a local unregistered shop numbering from 1) on the same day
        record = b.report(s, number, day, amounts)
        b.truth(record, None, "missing_in_pi", habit)
        other = _amounts(rng, False)
        pi = b.book("", rng.choice(["Cash Purchase", "Local Vendor", "Sundry Creditor"]), number,
                    day + timedelta(days=rng.randrange(0, 2)), other)
        b.truth(None, pi, "missing_in_ims", habit + "_book")
    elif habit == "trap_look_alike_twin":
        # a supplier billing one amount again and again (a monthly AMC, a freight slab): 1053 is
        # reported and not booked, 1058 is booked and not yet reported: 3/8 look alike on a scan,
        # but they are two documents
        fixed = s.recurring = s.recurring or amounts
        text = str(serial)
        # a serial the supplier has not used yet: the twin is a later bill, not an earlier one
        twins = [int(text[:k] + LOOK_ALIKE_DIGITS[c] + text[k + 1:]) for k, c in enumerate(text)
                 if c in LOOK_ALIKE_DIGITS]
        twins = [t for t in twins if t >= s.serial]
        if not twins:
            record = b.report(s, number, day, fixed)
            b.truth(record, b.book(s.gstin, s.name, number, day, fixed), "exact", "same")
            return
        twin = NUMBERING[s.numbering](twins[0])
        s.serial = twins[0] + 1
        record = b.report(s, number, day, fixed)
        b.truth(record, None, "missing_in_pi", habit)
        pi = b.book(s.gstin, s.name, twin, day + timedelta(days=rng.randrange(0, 4)), fixed)
        b.truth(None, pi, "missing_in_ims", habit + "_book")
        for _ in range(2):  # the same amount billed and booked on other days
            _, other = b.next_number(s)
            other_day = _day(rng)
            paired = b.report(s, other, other_day, fixed)
            b.truth(paired, b.book(s.gstin, s.name, other, other_day, fixed), "exact", "recurring")
    elif habit == "trap_gstin_neighbour":
        # the books hold a bill of another supplier whose GSTIN is one character from this one's,
        # with this supplier's common number style; amounts differ: two documents
        record = b.report(s, number, day, amounts)
        b.truth(record, None, "missing_in_pi", habit)
        neighbour = mistyped_gstin(s.gstin, rng, "one")
        # drawn again in the rare month where chance puts them within rounding (seed 2288: 44 paise
        # apart), which is the supplier's own bill with its GSTIN mistyped, not this trap
        theirs = _amounts(rng, s.interstate)
        while abs(theirs.taxable_value - amounts.taxable_value) <= 100:
            theirs = _amounts(rng, s.interstate)
        pi = b.book(neighbour, "Unrelated " + s.name, number, day, theirs)
        b.truth(None, pi, "missing_in_ims", habit + "_book")
    else:
        raise ValueError(habit)


def make_month(seed: int, profile: str, n_documents: int) -> Month:
    b = Builder(seed, max(8, n_documents // 12))
    rng = b.rng
    weights = PROFILES[profile]
    names = sorted(HABITS)
    # the sixth batch weighs 0 elsewhere: the other profiles' months stay as they were
    chances = [HABITS[h][0] * weights.get(h, 0 if h in SIXTH or h in SEVENTH else 1) for h in names]
    for _ in range(n_documents):
        habit = rng.choices(names, chances)[0]
        _apply(b, rng.choice(b.suppliers), habit, HABITS[habit][1])
    return b.month

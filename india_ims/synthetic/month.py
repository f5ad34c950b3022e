"""Generate one month: IMS records, the buyer's purchase register and the true pairing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..gst_india.documents import (
    Action,
    Amounts,
    DocumentType,
    ImsRecord,
    Section,
)
from ..gst_india.periods import ReturnPeriod
from .habits import HABIT_CATEGORY, apply_habit, trap
from .parties import STATES, Supplier, make_gstin, make_pan, zipf_sizes
from .profiles import Profile
from .series import HABITS, Series

RATES = (5, 12, 18, 28)
RATE_WEIGHTS = (0.2, 0.2, 0.5, 0.1)
ROUNDING_SLIPS = (2, 10, 25, 50, 99, 100)  # paise; never beyond the default tolerance of ₹1
AMOUNT_FACTORS = (0.5, 0.7, 0.8, 0.9, 1.1, 1.2, 1.25, 1.5, 2.0)
ORIGINAL_SECTION = {
    DocumentType.INVOICE: Section.B2B,
    DocumentType.CREDIT_NOTE: Section.B2BCN,
    DocumentType.DEBIT_NOTE: Section.B2BDN,
}


@dataclass(frozen=True, slots=True)
class TruthRow:
    section: str
    supplier_gstin: str
    document_number: str
    purchase_invoice: str
    category: str  # exact, suggested, mismatch, missing_in_pi, missing_in_ims
    kind: str = ""  # which habit or difference made it so (not in the shared truth format)


@dataclass(frozen=True, slots=True)
class _Draft:
    """A book entry before it gets its name."""

    supplier_gstin: str
    document_type: DocumentType
    bill_no: str
    bill_date: date
    amounts: Amounts  # IMS sign (positive)
    place_of_supply: str
    posted_from: date | None = None  # the day the entry was made from, when the bill date is mistyped


def _month_before(day: date) -> date:
    previous = ReturnPeriod.of(day).previous()
    return previous.first_day.replace(day=min(day.day, previous.last_day.day))


def _amendment_suffix(record: ImsRecord) -> str:
    return "A" if record.original_number and record.document_number != record.original_number else ""


class MonthBuilder:
    def __init__(self, seed: int, n_ims: int, profile: Profile, period: ReturnPeriod,
                 recipient_state: str, date_window_days: int):
        import random

        self.rng = random.Random(seed)
        self.n_ims = n_ims
        self.profile = profile
        self.period = period
        self.window = date_window_days
        self.pans: set[str] = set()
        self.recipient_state = recipient_state
        self.recipient_gstin = make_gstin(recipient_state, make_pan(self.rng, self.pans))
        self.fy_start = period.financial_year_start
        self.days = (period.last_day - period.first_day).days + 1
        self.ims: list[ImsRecord] = []
        self.pairs: list[tuple[int, _Draft | None, str, str]] = []  # ims index, draft, category, kind
        self.extras: list[tuple[_Draft, str]] = []  # missing_in_ims drafts, kind
        self.origin: list[tuple[Supplier, Series, int]] = []  # per IMS record: who, which series, serial
        self.booked_names: dict[str, str] = {}  # a GSTIN mistyped in the books -> the supplier's name

    # ------------------------------------------------------------ parties

    def suppliers(self) -> list[Supplier]:
        rng, profile = self.rng, self.profile
        count = max(3, round(self.n_ims / profile.documents_per_supplier))
        out = []
        for size in zipf_sizes(self.n_ims, count, profile.zipf_exponent):
            pan = make_pan(rng, self.pans)
            intra = rng.random() >= profile.inter_state
            state = self.recipient_state if intra else rng.choice(
                [code for code in STATES if code != self.recipient_state])
            gstins = [make_gstin(state, pan)]
            if rng.random() < profile.branches:
                other = rng.choice([code for code in STATES if code != state])
                gstins.append(make_gstin(other, pan, rng.choice("12")))
            style = rng.choice(profile.series_styles)
            probe = Series.of(style, DocumentType.INVOICE, self.fy_start, "MH")
            usable = [name for name in profile.clerk_habits if HABITS[name].applies_to(probe)]
            habits = tuple(rng.sample(usable, min(len(usable), rng.choice((1, 2))))) if usable else ()
            out.append(Supplier(pan, f"Supplier {pan[:5].title()} Pvt Ltd", gstins, style, habits, size))
        return out

    def series(self, supplier: Supplier, document_type: DocumentType) -> Series:
        return Series.of(supplier.style, document_type, self.fy_start, supplier.state_abbr)

    def next_serial(self, supplier: Supplier, gstin: str, document_type: DocumentType) -> int:
        key = (gstin, document_type)
        if key not in supplier.counters:
            # Branches of one PAN often run series that overlap: near-twins across GSTINs.
            base = supplier.counters.get((supplier.gstins[0], document_type))
            supplier.counters[key] = base if base and self.rng.random() < 0.5 else self.rng.randint(1, 900)
        serial = supplier.counters[key]
        supplier.counters[key] = serial + 1 + (self.rng.random() < 0.1)  # an occasional gap
        supplier.used.setdefault(key, set()).add(serial)
        return serial

    # ------------------------------------------------------------ amounts

    def amounts(self, supplier_gstin: str, *, cess: bool | None = None) -> Amounts:
        rng = self.rng
        taxable = max(5000, int(rng.lognormvariate(9.3, 1.4) * 100))
        taxable = min(taxable, 50_000_000_00)
        rate = rng.choices(RATES, RATE_WEIGHTS)[0]
        with_cess = rng.random() < self.profile.cess if cess is None else cess
        cess_paise = round(taxable * rng.choice((1, 12, 15)) / 100) if with_cess else 0
        return self.tax(taxable, rate, supplier_gstin[:2] != self.recipient_state, cess_paise)

    @staticmethod
    def tax(taxable: int, rate: int, inter_state: bool, cess: int = 0) -> Amounts:
        if inter_state:
            return Amounts(taxable, round(taxable * rate / 100), 0, 0, cess)
        half = round(taxable * rate / 200)
        return Amounts(taxable, 0, half, half, cess)

    def day(self) -> date:
        return self.period.first_day + timedelta(days=self.rng.randrange(self.days))

    # ------------------------------------------------------------ IMS side

    def document_type(self) -> DocumentType:
        draw = self.rng.random()
        if draw < self.profile.credit_notes:
            return DocumentType.CREDIT_NOTE
        if draw < self.profile.credit_notes + self.profile.debit_notes:
            return DocumentType.DEBIT_NOTE
        return DocumentType.INVOICE

    def category(self) -> str:
        draw, profile = self.rng.random(), self.profile
        for name, share in (("missing_in_pi", profile.missing_in_pi), ("suggested", profile.suggested),
                            ("mismatch", profile.mismatch)):
            if draw < share:
                return name
            draw -= share
        return "exact"

    def build(self) -> None:
        rng = self.rng
        for supplier in self.suppliers():
            for _ in range(supplier.size):
                gstin = supplier.gstins[-1] if len(supplier.gstins) > 1 and rng.random() < 0.3 \
                    else supplier.gstins[0]
                document_type = self.document_type()
                series = self.series(supplier, document_type)
                serial = self.next_serial(supplier, gstin, document_type)
                category = self.category()
                kind = ""
                if category == "suggested":
                    kind = self.pick(self.profile.suggested_kinds)
                elif category == "mismatch":
                    kind = self.pick(self.profile.mismatch_kinds)
                amended = rng.random() < self.profile.amendments or kind in ("original_number",
                                                                             "stale_amendment")
                amounts = self.amounts(gstin, cess=True if kind.startswith("cess") else None)
                record = self.ims_record(gstin, document_type, series, serial, amounts, amended)
                index = len(self.ims)
                self.ims.append(record)
                self.origin.append((supplier, series, serial))
                if category == "missing_in_pi":
                    self.pairs.append((index, None, category, ""))
                    if self.profile.trap_share and rng.random() < self.profile.trap_share:
                        kind = self.pick(self.profile.trap_kinds)
                        self.extras.append((trap(self, record, supplier, series, serial, kind), kind))
                    continue
                draft, category, kind = self.book(record, supplier, series, serial, category, kind)
                self.pairs.append((index, draft, category, kind))
        self.add_extras()

    def pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def ims_record(self, gstin, document_type, series, serial, amounts, amended) -> ImsRecord:
        rng = self.rng
        number = series.render(serial)
        section = ORIGINAL_SECTION[document_type]
        day = self.day()
        original_number = original_date = None
        if amended:
            section = section.amendment
            # the amended document was issued and reported a month earlier (its GSTR-2B period is
            # the previous one, so FAQ 13's rule on originals in another period applies)
            original_number, original_date = number, _month_before(day)
            if rng.random() < 0.7:
                number = series.render(serial, suffix="A")
        return ImsRecord(
            section=section,
            supplier_gstin=gstin,
            document_number=number,
            document_date=day,
            supplier_return_period=str(self.period),
            document_value=amounts.taxable_value + amounts.total_tax,
            amounts=amounts,
            place_of_supply=self.recipient_state,
            action=Action.NO_ACTION,
            invoice_type="R",
            source_form=rng.choice(("R1", "IFF", "R1A")),
            supplier_filed=rng.random() < 0.9,
            pending_blocked=document_type == DocumentType.CREDIT_NOTE or amended,
            original_number=original_number,
            original_date=original_date,
            checksum=f"{rng.getrandbits(256):064x}",
        )

    # ------------------------------------------------------------ book side

    def clerk_number(self, supplier: Supplier, series: Series, serial: int, suffix: str) -> str | None:
        usable = [HABITS[name] for name in supplier.clerk_habits if HABITS[name].applies_to(series)]
        if not usable:
            usable = [HABITS[name] for name in self.profile.clerk_habits if HABITS[name].applies_to(series)]
        if not usable:
            return None
        return self.rng.choice(usable).apply(series, serial, suffix)

    def book(self, record: ImsRecord, supplier: Supplier, series: Series, serial: int, category: str,
             kind: str) -> tuple[_Draft, str, str]:
        """The register's entry for ``record``; falls back to a simpler kind when one does not apply.

        A kind "a+b" is two habits on one entry (a number rewritten and a date slipped, an amount
        wrong and the number rewritten...).
        """
        rng = self.rng
        if "+" in kind:
            first, second = kind.split("+", 1)
            draft, category, done = self.book(record, supplier, series, serial, category, first)
            if done == second:  # the first habit fell back to the second one: apply it once
                return draft, category, done
            if done != first and (second == "amount" or second in HABIT_CATEGORY):
                # the first habit did not apply: the second alone
                return self.book(record, supplier, series, serial, category, second)
            if second == "amount":  # an amount beyond tolerance on a number written another way
                changed = self.scaled(draft.amounts, self.rng.choice(AMOUNT_FACTORS))
                return replace(draft, amounts=changed), "mismatch", f"{done}+{second}"
            if second in HABIT_CATEGORY:
                also = apply_habit(self, draft, record, supplier, series, serial, second)
                if also is None:
                    return draft, category, done
                worse = "mismatch" if "mismatch" in (category, also[1]) else category
                return also[0], worse, f"{done}+{second}"
            return self.also(draft, record, supplier, series, serial, second), category, f"{done}+{second}"
        suffix = _amendment_suffix(record)
        draft = _Draft(record.supplier_gstin, record.document_type, record.document_number,
                       record.document_date, record.amounts, record.place_of_supply)
        if kind in HABIT_CATEGORY:
            done = apply_habit(self, draft, record, supplier, series, serial, kind)
            if done is not None:
                return done[0], done[1], kind
            kind = "number" if category == "suggested" else "amount"  # the habit does not apply here
        if category == "exact":
            if rng.random() < self.profile.exact_cosmetic:
                habit = HABITS[rng.choice(self.profile.exact_habits)]
                draft = replace(draft, bill_no=habit.apply(series, serial, suffix))
            return draft, category, ""
        if kind == "original_number" and record.original_number and suffix:
            return replace(draft, bill_no=record.original_number), category, kind
        if kind == "transposition":
            number = self.transposed(supplier, record, series, serial, suffix)
            if number:
                return replace(draft, bill_no=number), category, kind
            kind = "number"
        if kind in ("number", "original_number"):
            number = self.clerk_number(supplier, series, serial, suffix)
            if number and number.strip().upper() != record.document_number.strip().upper():
                return replace(draft, bill_no=number), category, "number"
            kind = "date"
        if kind == "date":
            shift = rng.randint(1, max(1, min(5, self.window))) * rng.choice((-1, 1))
            return replace(draft, bill_date=record.document_date + timedelta(days=shift)), category, kind
        if kind == "rounding":
            return replace(draft, amounts=self.rounded(record.amounts)), category, kind
        return self.mismatch(draft, record, supplier, kind)

    def also(self, draft: _Draft, record: ImsRecord, supplier: Supplier, series: Series, serial: int,
             habit: str) -> _Draft:
        """A second clerical habit on an entry already made."""
        rng = self.rng
        if habit == "date":
            shift = rng.randint(1, max(1, self.window)) * rng.choice((-1, 1))
            return replace(draft, bill_date=draft.bill_date + timedelta(days=shift))
        if habit == "rounding":
            return replace(draft, amounts=self.rounded(draft.amounts))
        if habit == "number":
            number = self.clerk_number(supplier, series, serial, _amendment_suffix(record))
            if number and number.strip().upper() != record.document_number.strip().upper():
                return replace(draft, bill_no=number)
            return draft
        raise ValueError(f"unknown second habit {habit!r}")

    def transposed(self, supplier, record, series, serial, suffix: str) -> str | None:
        digits = f"{serial:0{series.padding}d}" if series.padding else str(serial)
        places = [i for i in range(max(0, len(digits) - 3), len(digits) - 1) if digits[i] != digits[i + 1]]
        if not places:
            return None
        i = self.rng.choice(places)
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
        key = (record.supplier_gstin, record.document_type)
        used = supplier.used.setdefault(key, set())
        # a slip onto a number the supplier has used, or will use later, would be another document
        taken = int(swapped) in used or int(swapped) >= supplier.counters[key]
        if taken or (swapped[0] == "0" and not series.padding):
            return None
        used.add(int(swapped))  # the slip now occupies that number; no other document may use it
        return series.render(int(swapped), suffix=suffix)  # same width: the padding restores the zeros

    def rounded(self, amounts: Amounts) -> Amounts:
        values = [amounts.taxable_value, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess]
        heads = [i for i, value in enumerate(values) if value]
        for i in self.rng.sample(heads, min(len(heads), self.rng.choice((1, 1, 2)))):
            values[i] += self.rng.choice(ROUNDING_SLIPS) * self.rng.choice((-1, 1))
        return Amounts(*values)

    def mismatch(self, draft: _Draft, record: ImsRecord, supplier: Supplier, kind: str):
        rng, amounts = self.rng, record.amounts
        if kind == "heads":
            tax = amounts.igst + amounts.cgst + amounts.sgst
            if amounts.igst:
                half = tax // 2
                moved = Amounts(amounts.taxable_value, 0, half, tax - half, amounts.cess)
            else:
                moved = Amounts(amounts.taxable_value, tax, 0, 0, amounts.cess)
            return replace(draft, amounts=moved), "mismatch", kind
        if kind == "place_of_supply":
            other = rng.choice([code for code in STATES if code != record.place_of_supply])
            return replace(draft, place_of_supply=other), "mismatch", kind
        if kind == "cess" and amounts.cess > 2 * max(ROUNDING_SLIPS):  # a visible cess, not rounding
            return replace(draft, amounts=replace(amounts, cess=0)), "mismatch", kind
        if kind == "branch_gstin" and len(supplier.gstins) > 1:
            other = next(g for g in supplier.gstins if g != record.supplier_gstin)
            return replace(draft, supplier_gstin=other), "mismatch", kind
        if kind == "document_type" and record.document_type == DocumentType.DEBIT_NOTE:
            return replace(draft, document_type=DocumentType.INVOICE), "mismatch", kind
        if kind == "stale_amendment" and record.original_number:
            factor = rng.choice(AMOUNT_FACTORS)
            stale = self.scaled(amounts, factor)
            return replace(draft, bill_no=record.original_number, amounts=stale), "mismatch", kind
        # an amount beyond tolerance: the whole document scaled, or tax at another rate
        if rng.random() < 0.7:
            changed = self.scaled(amounts, rng.choice(AMOUNT_FACTORS))
        else:
            rate = rng.choice(RATES)
            changed = self.tax(amounts.taxable_value, rate, bool(amounts.igst), amounts.cess)
            if changed == amounts:
                changed = self.scaled(amounts, 2.0)
        return replace(draft, amounts=changed), "mismatch", "amount"

    @staticmethod
    def scaled(amounts: Amounts, factor: float) -> Amounts:
        values = [round(v * factor) for v in (amounts.taxable_value, amounts.igst, amounts.cgst,
                                             amounts.sgst, amounts.cess)]
        if abs(values[0] - amounts.taxable_value) <= 500:  # tiny documents: make the change visible
            values[0] += 1000
        return Amounts(*values)

    # ------------------------------------------------------------ in the books only

    def add_extras(self) -> None:
        """Book documents IMS does not show: fresh ones, near-twin numbers, reused numbers."""
        rng, profile = self.rng, self.profile
        paired = [index for index, draft, _, _ in self.pairs if draft is not None]
        for _ in range(round(self.n_ims * profile.missing_in_ims)):
            draw = rng.random()
            if draw < profile.twin_traps:
                kind = "near_twin"
            elif draw < profile.twin_traps + profile.duplicate_traps and paired:
                kind = "reused_number"
            else:
                kind = "fresh"
            index = rng.choice(paired) if kind == "reused_number" else rng.randrange(len(self.ims))
            record = self.ims[index]
            supplier, series, serial = self.origin[index]
            gstin, document_type = record.supplier_gstin, record.document_type
            day = self.day()
            if kind == "near_twin":
                twin = self.twin_serial(supplier, gstin, document_type, serial)
                if twin is None:
                    kind, number = "fresh", None
                else:
                    number = self.written(supplier, series, twin)
                    if rng.random() < 0.4:
                        day = record.document_date  # same day, other amounts: still not the same document
            if kind == "reused_number":
                number = record.document_number
                shift = rng.randint(self.window + 1, 20) * rng.choice((-1, 1))
                day = record.document_date + timedelta(days=shift)
            if kind == "fresh":
                number = self.written(supplier, series, self.next_serial(supplier, gstin, document_type))
            draft = _Draft(gstin, document_type, number, day, self.amounts(gstin), self.recipient_state)
            self.extras.append((draft, kind))

    def written(self, supplier: Supplier, series: Series, serial: int) -> str:
        if self.rng.random() < 0.3:
            number = self.clerk_number(supplier, series, serial, "")
            if number:
                return number
        return series.render(serial)

    def twin_serial(self, supplier: Supplier, gstin: str, document_type: DocumentType, serial: int):
        """'7' -> '17', 'INV-12' -> 'INV-123', 45 -> 46: close to a reported number, not it."""
        used = supplier.used.setdefault((gstin, document_type), set())
        options = [int(f"1{serial}"), serial * 10 + self.rng.randrange(10), serial + 1, serial - 1,
                   serial + 10]
        self.rng.shuffle(options)
        for option in options:
            if option > 0 and option not in used:
                used.add(option)
                return option
        return None

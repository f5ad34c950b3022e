"""One function per habit: each draws a document (or two) and writes both sides of it.

Names say what the accountant or supplier did; ``World.pair`` checks the category each meant.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType

from . import numbers as nb
from .world import COMPANY_STATE, OTHER_STATES, Retry, World, make_gstin, tax, total

INV, CN, DN = DocumentType.INVOICE, DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE


def ordinary(w: World, want=None):
    return w.supplier(lambda s: s.kind != "long" and (want is None or want(s)))


def plain_pair(w: World, habit: str, meant: str, doc_type=INV, want=None, **pi_args):
    d = w.doc(ordinary(w, want), doc_type)
    w.pair(w.ims_record(d), w.purchase(d, **pi_args), habit, meant)
    return d


# ---------------- exact ----------------
def exact_plain(w):
    plain_pair(w, "exact_plain", "exact", bill_no=None)


def exact_case_space(w):
    d = w.doc(ordinary(w))
    text = d.number.lower() if any(c.isalpha() for c in d.number) else d.number
    text = w.rng.choice([f"{text} ", f" {text}", f"{text}  ", text])
    w.pair(w.ims_record(d), w.purchase(d, bill_no=text), "exact_case_space", "exact")


def exact_posted_next_month(w):
    d = w.doc(ordinary(w), when=w.day(date(2025, 8, 25)))
    pi = w.purchase(d, posting=date(2025, 9, w.rng.randint(2, 12)))
    w.pair(w.ims_record(d), pi, "exact_posted_next_month", "exact")


def exact_rounded_total(w):
    d = w.doc(ordinary(w))
    w.pair(w.ims_record(d, round_value=True), w.purchase(d, round_total=w.rng.random() < 0.5),
           "exact_rounded_value", "exact")


def exact_credit_note(w):
    plain_pair(w, "exact_credit_note", "exact", CN)


def exact_debit_note(w):
    plain_pair(w, "exact_debit_note", "exact", DN)


def exact_amendment(w):
    """B2BA keeping the number: the supplier corrected GSTR-1 to what the bill (and the books) say."""
    d = w.doc(ordinary(w))
    ims = w.ims_record(d, amended_from=d.number, amended_date=d.date)
    w.pair(ims, w.purchase(d), "exact_amendment_same_number", "exact")


def exact_amendment_renumbered(w):
    """GSTR-1 carried a typo; the B2BA carries the number printed on the bill, which was booked."""
    d = w.doc(ordinary(w))
    text = str(d.serial).zfill(d.scheme.pad)
    typo = next((t for p in range(len(text) - 1) if (t := nb.transpose(text, p))), None)
    if typo is None:
        raise Retry("no slip possible")
    ims = w.ims_record(d, amended_from=d.scheme.render(d.serial, serial_text=typo), amended_date=d.date)
    w.pair(ims, w.purchase(d), "exact_amendment_corrects_number", "exact")


def twin_same_day(w):
    """Two trucks, two bills, one day, identical amounts: numbers alone tell them apart."""
    sup = ordinary(w)
    first = w.doc(sup)
    second = w.doc(sup, when=first.date, amounts=first.amounts)
    for d in (first, second):
        w.pair(w.ims_record(d), w.purchase(d), "twin_same_day", "exact")


def same_serial_other_type(w):
    """A bill book with one running number for bills and credit notes: invoice 123 and CN 123."""
    sup = ordinary(w, lambda s: s.kind == "plain")
    bill = w.doc(sup)
    note = w.doc(sup, CN, serial=bill.serial, when=bill.date + timedelta(days=w.rng.randint(0, 6)),
                 taxable=bill.amounts.taxable_value // w.rng.randint(3, 9))
    for d in (bill, note):
        w.pair(w.ims_record(d), w.purchase(d), "same_serial_invoice_and_credit_note", "exact")


# ---------------- suggested: the number written differently ----------------
def _rewrite(w: World, habit: str, make, want=None, doc_type=INV, shift_date=False):
    d = w.doc(ordinary(w, want), doc_type)
    bill_no = make(d)
    if bill_no is None or bill_no.strip().upper() == d.number.upper():
        raise Retry("rewrite changed nothing")
    when = d.date + timedelta(days=w.rng.randint(1, 5)) if shift_date else None
    w.pair(w.ims_record(d), w.purchase(d, bill_no=bill_no, bill_date=when), habit, "suggested")


def separators(w):
    style = w.rng.choice(["dash", "none", "space"])
    _rewrite(w, f"separators_{style}", lambda d: nb.change_separators(d.scheme, style).render(d.serial),
             want=lambda s: s.kind not in ("sap", "plain"))


def zeros(w):
    def make(d):
        if d.scheme.pad:
            return nb.unpad(d.scheme).render(d.serial)
        return replace(d.scheme, pad=len(str(d.serial)) + 2).render(d.serial)  # 0123 for 123

    _rewrite(w, "leading_zeros", make, want=lambda s: s.kind != "sap")


def fy_dropped(w):
    _rewrite(w, "fy_token_dropped", lambda d: nb.drop_fy(d.scheme).render(d.serial),
             want=lambda s: s.scheme(INV).has_fy)


def fy_restyled(w):
    def make(d):
        styles = [s for s in nb.FY_STYLES if s != d.scheme.fy_style]
        return nb.restyle_fy(d.scheme, w.rng.choice(styles)).render(d.serial)

    _rewrite(w, "fy_token_restyled", make, want=lambda s: s.scheme(INV).has_fy)


def prefix_dropped(w):
    _rewrite(w, "prefix_dropped", lambda d: nb.drop_prefix(d.scheme).render(d.serial),
             want=lambda s: s.scheme(INV).prefix.strip("/-").isalpha())


def own_prefix(w):
    own = w.rng.choice(["PB/", "BILL-", "P/", "PUR-"])
    _rewrite(w, "clerk_own_prefix", lambda d: nb.add_prefix(d.scheme, own).render(d.serial))


def lookalike_letter(w):
    def make(d):
        text = str(d.serial).zfill(d.scheme.pad)
        spots = [p for p in range(len(text)) if text[p] in nb.LOOKALIKE]
        if not spots:
            return None
        return d.scheme.render(d.serial, serial_text=nb.lookalike(text, w.rng.choice(spots)))

    _rewrite(w, "letter_for_digit", make)


def transposed(w):
    def make(d):
        text = str(d.serial).zfill(d.scheme.pad)
        spots = [p for p in range(len(text) - 1) if nb.transpose(text, p)]
        if not spots:
            return None
        slip = d.scheme.render(d.serial, serial_text=nb.transpose(text, w.rng.choice(spots)))
        key = (d.supplier.gstin, d.doc_type, slip.upper(), d.fy_start)
        if key in w._serial_used:
            raise Retry("the slip is another document's number")
        w._serial_used.add(key)  # and no later document may take it
        return slip

    _rewrite(w, "two_digits_transposed", make)


def long_number(w):
    """Printed INV/KA/2025-26/000123 (21 characters); GSTR-1 carries KA/25-26/000123."""
    sup = w.supplier(lambda s: s.kind == "long")
    d = w.doc(sup)
    w.pair(w.ims_record(d), w.purchase(d), "printed_number_over_16", "suggested")


def cn_rewritten(w):
    _rewrite(w, "credit_note_number_rewritten", lambda d: nb.unpad(nb.drop_fy(d.scheme)).render(d.serial),
             doc_type=CN, want=lambda s: s.scheme(CN).has_fy)


def number_and_date(w):
    _rewrite(w, "number_rewritten_and_date_off",
             lambda d: nb.change_separators(nb.unpad(d.scheme), "dash").render(d.serial),
             want=lambda s: s.kind not in ("sap", "plain"), shift_date=True)


# ---------------- suggested: date or rounding ----------------
def date_posting(w):
    """Bill date typed as the goods-receipt / posting date; the bill may be of late July."""
    d = w.doc(ordinary(w), when=w.day(date(2025, 7, 27)))
    booked = d.date + timedelta(days=w.rng.randint(1, 6))
    w.pair(w.ims_record(d), w.purchase(d, bill_date=booked), "bill_date_is_posting_date", "suggested")


def date_swapped(w):
    """Day and month swapped by an Excel import (05-08 read as 8 May). A mismatch, not suggested: the
    definitions call only "a date a few days off" clerical, and a date months away moves the bill's
    period (and its Section 16(4) deadline); the habits generator labels it so too."""
    d = w.doc(ordinary(w), when=date(2025, 8, w.rng.choice([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12])))
    w.pair(w.ims_record(d), w.purchase(d, bill_date=date(2025, d.date.day, 8)),
           "date_day_month_swapped", "mismatch")


def _rupees(amounts: Amounts) -> Amounts:
    return Amounts(*[(v + 50) // 100 * 100 for v in (amounts.taxable_value, amounts.igst, amounts.cgst,
                                                      amounts.sgst, amounts.cess)])


def rounded_heads(w):
    d = w.doc(ordinary(w))
    w.pair(w.ims_record(d), w.purchase(d, amounts=_rupees(d.amounts)), "heads_rounded_to_rupee",
           "suggested")


def cn_rounded(w):
    d = w.doc(ordinary(w), CN)
    w.pair(w.ims_record(d), w.purchase(d, amounts=_rupees(d.amounts)), "credit_note_rounded", "suggested")


# ---------------- mismatch ----------------
def _booked_as(w, habit, change, want=None, doc_type=INV):
    d = w.doc(ordinary(w, want), doc_type)
    w.pair(w.ims_record(d), w.purchase(d, amounts=change(d)), habit, "mismatch")


def heads_swapped(w):
    def change(d):
        a = d.amounts
        if a.igst:
            return Amounts(a.taxable_value, 0, a.igst // 2, a.igst - a.igst // 2, a.cess)
        return Amounts(a.taxable_value, a.cgst + a.sgst, 0, 0, a.cess)

    _booked_as(w, "igst_vs_cgst_sgst", change)


def cess_missed(w):
    _booked_as(w, "cess_left_out", lambda d: replace(d.amounts, cess=0), lambda s: s.trade == "cess_goods")


def wrong_rate(w):
    def change(d):
        rate = w.rng.choice([r for r in (5, 12, 18, 28) if r != d.supplier.rate])
        return tax(d.amounts.taxable_value, rate, d.supplier.intra, 12 if d.amounts.cess else 0)

    _booked_as(w, "wrong_tax_rate", change)


def amount_typo(w):
    def change(d):
        rupees = str(d.amounts.taxable_value // 100)
        spots = [p for p in range(len(rupees) - 1) if nb.transpose(rupees, p)]
        if not spots:
            raise Retry("no digits to swap")
        typed = int(nb.transpose(rupees, w.rng.choice(spots))) * 100 + d.amounts.taxable_value % 100
        return replace(d.amounts, taxable_value=typed)

    _booked_as(w, "taxable_digits_transposed", change)


def freight_in_taxable(w):
    def change(d):
        freight = w.rng.randint(250, 3000) * 100
        return replace(d.amounts, taxable_value=d.amounts.taxable_value + freight)

    _booked_as(w, "freight_added_to_taxable", change)


def vehicle_tcs(w):
    """A car for a director: 28% + 22% cess, and the 1% TCS of s.206C(1F) booked into taxable value."""
    sup = w.special("vehicle", "busy", 28, state=COMPANY_STATE)
    d = w.doc(sup, taxable=w.rng.randint(800000, 2500000) * 100 + w.rng.randint(0, 99))
    tcs = (total(d.amounts) + 50) // 100
    booked = replace(d.amounts, taxable_value=d.amounts.taxable_value + tcs)
    w.pair(w.ims_record(d), w.purchase(d, amounts=booked), "vehicle_tcs_in_taxable", "mismatch")


def pos_differs(w):
    sup = ordinary(w)
    d = w.doc(sup)
    pos = sup.state if not sup.intra else w.rng.choice(OTHER_STATES)
    w.pair(w.ims_record(d), w.purchase(d, pos=pos), "place_of_supply_differs", "mismatch")


def other_branch(w):
    sup = ordinary(w, lambda s: s.branch is not None)
    d = w.doc(sup)
    w.pair(w.ims_record(d), w.purchase(d, gstin=sup.branch.gstin), "booked_under_other_branch_gstin",
           "mismatch")


def cn_partial(w):
    def change(d):
        part = d.amounts.taxable_value * w.rng.choice([50, 60, 75, 80]) // 100
        return tax(part, d.supplier.rate, d.supplier.intra)

    _booked_as(w, "credit_note_booked_for_other_value", change, doc_type=CN)


def amendment_booked_original(w):
    """Price revised by B2BA (same number); the books still hold the original bill."""
    d = w.doc(ordinary(w))
    revised = tax(d.amounts.taxable_value * w.rng.choice([85, 90, 95, 110]) // 100, d.supplier.rate,
                  d.supplier.intra)
    ims = w.ims_record(d, amended_from=d.number, amended_date=d.date, amounts=revised)
    w.pair(ims, w.purchase(d), "amended_value_books_hold_original", "mismatch")


def supplier_reported_wrong(w):
    d = w.doc(ordinary(w))
    wrong = tax(d.amounts.taxable_value * w.rng.choice([10, 2]) // w.rng.choice([1, 3]) + 12345,
                d.supplier.rate, d.supplier.intra)
    w.pair(w.ims_record(d, amounts=wrong), w.purchase(d), "supplier_reported_other_value", "mismatch")


# ---------------- harder clerical and tax cases ----------------
def compound_rewrite(w):
    """Two or three format habits at once: INV/25-26/0042 typed INV42, 42, INV-0042 ..."""
    def make(d):
        scheme = d.scheme
        steps = w.rng.sample(["fy", "zeros", "dash", "none", "prefix"], w.rng.randint(2, 3))
        for step in steps:
            scheme = {"fy": nb.drop_fy, "zeros": nb.unpad, "prefix": nb.drop_prefix,
                      "dash": lambda s: nb.change_separators(s, "dash"),
                      "none": lambda s: nb.change_separators(s, "none")}[step](scheme)
        return scheme.render(d.serial)

    _rewrite(w, "compound_number_rewrite", make, want=lambda s: s.kind not in ("sap", "plain"))


def triple_clerical(w):
    """Number rewritten, bill date typed late and heads rounded, on one bill."""
    d = w.doc(ordinary(w, lambda s: s.scheme(INV).has_fy))
    pi = w.purchase(d, bill_no=nb.drop_fy(d.scheme).render(d.serial), amounts=_rupees(d.amounts),
                    bill_date=d.date + timedelta(days=w.rng.randint(1, 4)))
    w.pair(w.ims_record(d), pi, "number_date_and_rounding", "suggested")


def lowercase_in_ims(w):
    d = w.doc(ordinary(w, lambda s: any(c.isalpha() for c in s.scheme(INV).prefix)))
    w.pair(w.ims_record(d, number=d.number.lower()), w.purchase(d), "supplier_reported_lowercase", "exact")


def tax_inclusive(w):
    """ERPNext 'tax included in rate': the clerk keys the bill total; taxable is worked back."""
    d = w.doc(ordinary(w, lambda s: s.trade != "cess_goods"))
    rate = d.supplier.rate
    back = (total(d.amounts) * 100 * 2 + (100 + rate)) // ((100 + rate) * 2)
    w.pair(w.ims_record(d), w.purchase(d, amounts=tax(back, rate, d.supplier.intra)),
           "tax_inclusive_back_calculation", "suggested")


def round_off_into_taxable(w):
    """The bill's round-off (under 50 paise) keyed into taxable value so the total agrees."""
    d = w.doc(ordinary(w))
    gross = total(d.amounts)
    delta = (gross + 50) // 100 * 100 - gross
    booked = replace(d.amounts, taxable_value=d.amounts.taxable_value + delta)
    w.pair(w.ims_record(d), w.purchase(d, amounts=booked), "round_off_in_taxable", "suggested")


def near_tolerance(w):
    """Round-off of 70-95 paise posted to the CGST (or IGST) ledger: still within Rs 1 a head."""
    d = w.doc(ordinary(w))
    gap = w.rng.randint(70, 95) * w.rng.choice([1, -1])
    a = d.amounts
    booked = replace(a, igst=a.igst + gap) if a.igst else replace(a, cgst=a.cgst + gap)
    w.pair(w.ims_record(d), w.purchase(d, amounts=booked), "round_off_in_tax_head", "suggested")


def small_beyond_tolerance(w):
    """A cash discount of Rs 2-9 taken off taxable value in the books: beyond Rs 1."""
    d = w.doc(ordinary(w))
    cut = w.rng.randint(150, 900)
    booked = replace(d.amounts, taxable_value=d.amounts.taxable_value - cut)
    w.pair(w.ims_record(d), w.purchase(d, amounts=booked), "small_discount_beyond_tolerance", "mismatch")


def rewrite_plus_tax(w):
    """Number typed in another format AND tax under the wrong heads."""
    d = w.doc(ordinary(w, lambda s: s.scheme(INV).has_fy))
    a = d.amounts
    heads = (Amounts(a.taxable_value, 0, a.igst // 2, a.igst - a.igst // 2, a.cess) if a.igst
             else Amounts(a.taxable_value, a.cgst + a.sgst, 0, 0, a.cess))
    pi = w.purchase(d, bill_no=nb.unpad(nb.drop_fy(d.scheme)).render(d.serial), amounts=heads)
    w.pair(w.ims_record(d), pi, "number_rewritten_and_heads_swapped", "mismatch")


def new_registration(w):
    """The supplier took a second registration in the same state (same PAN, entity 2);
    the supplier master in the books still holds the old GSTIN."""
    old = ordinary(w)
    new = replace(old, gstin=make_gstin(w.rng, old.state, pan=old.gstin[2:12], entity="2"),
                  counters={}, branch=None, weight=0.0)
    d = w.doc(new)
    w.pair(w.ims_record(d), w.purchase(d, gstin=old.gstin), "new_registration_old_gstin_in_books",
           "mismatch")

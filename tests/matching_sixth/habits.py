"""Clerk habits: what happens to a bill between the supplier's paper and the buyer's register.

Each habit is a named function ``habit(rng, draft, world) -> bool`` that edits a books ``Draft`` in
place and says whether it applied (a habit that cannot apply, such as dropping leading zeros from a
number that has none, returns False and another is drawn). Habits are grouped by what they touch;
a profile gives each group a probability and each habit a weight. The group's name says what the
definitions make of it, but truth never trusts that: truth.py re-derives the category from the two
documents.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from .bills import CN, DN, INV, Draft, split_tax
from .numbers import FY
from .world import World

# ---- the number, token by token (clerical: "the number written differently") -------------------


def separator_changed(rng: random.Random, d: Draft, world: World) -> bool:
    seps = [t for r, t in d.number.tokens if r == "sep"]
    if not seps:
        return False
    new = "-" if seps[0] == "/" else "/"
    d.number = d.number.with_tokens((r, new if r == "sep" else t) for r, t in d.number.tokens)
    return True


def separators_removed(rng, d, world) -> bool:
    if not any(r == "sep" for r, _ in d.number.tokens):
        return False
    # The FY token's own hyphen goes too: "GST/412/26-27" is typed "GST4122627".
    d.number = d.number.with_tokens((r, t.replace("-", "")) for r, t in d.number.tokens if r != "sep")
    return True


def spaced_out(rng, d, world) -> bool:
    tokens = list(d.number.tokens)
    if any(r == "sep" for r, _ in tokens):
        space = rng.choice((" ", " / ", " - "))
        tokens = [(r, space if r == "sep" else t) for r, t in tokens]
    elif len(tokens) > 1:
        tokens.insert(1, ("sep", " "))
    else:
        return False
    d.number = d.number.with_tokens(tokens)
    return True


def unicode_dash(rng, d, world) -> bool:
    """Copied from a PDF: the hyphen arrives as an en dash or a minus sign."""
    if "-" not in d.number.text:
        return False
    dash = rng.choice(("\u2013", "\u2212"))
    d.number = d.number.with_tokens((r, t.replace("-", dash)) for r, t in d.number.tokens)
    return True


def zeros_dropped(rng, d, world) -> bool:
    serial = d.number.serial()
    if not serial.startswith("0") or d.bill.registration.software == "sap":
        return False  # SAP's zeros sit inside the number ("90" + "00852929"), they are not padding
    d.number = d.number.with_tokens((r, str(int(t)) if r == "serial" else t) for r, t in d.number.tokens)
    return True


def zeros_added(rng, d, world) -> bool:
    serial = d.number.serial()
    if serial.startswith("0") or len(serial) >= 6:
        return False
    width = rng.choice((5, 6))
    d.number = d.number.with_tokens((r, t.zfill(width) if r == "serial" else t) for r, t in d.number.tokens)
    return True


def _drop_role(tokens, role):
    """Drop every token of a role and one separator next to each."""
    out = list(tokens)
    while any(r == role for r, _ in out):
        i = next(i for i, (r, _) in enumerate(out) if r == role)
        del out[i]
        if i < len(out) and out[i][0] == "sep":
            del out[i]
        elif i > 0 and out[i - 1][0] == "sep":
            del out[i - 1]
    return out


def fy_dropped(rng, d, world) -> bool:
    if not any(r == "fy" for r, _ in d.number.tokens):
        return False
    d.number = d.number.with_tokens(_drop_role(d.number.tokens, "fy"))
    return True


def fy_rewritten(rng, d, world) -> bool:
    fy = next((t for r, t in d.number.tokens if r == "fy"), None)
    if fy is None:
        return False
    new = rng.choice([f for f in ("26-27", "2026-27", "2627", "2026-2027", "26/27") if f != fy])
    d.number = d.number.with_tokens((r, new if r == "fy" else t) for r, t in d.number.tokens)
    return True


def fy_added(rng, d, world) -> bool:
    """A Tally clerk suffixes the year to every bill number so numbers never repeat across years."""
    if any(r == "fy" for r, _ in d.number.tokens):
        return False
    d.number = d.number.with_tokens(list(d.number.tokens) + [("sep", "/"), ("fy", FY)])
    return True


def prefix_dropped(rng, d, world) -> bool:
    tokens = d.number.tokens
    if tokens[0][0] != "prefix" or d.bill.registration.software == "sap":
        return False  # SAP's "90" range is part of the number, nobody drops it
    d.number = d.number.with_tokens(_drop_role(tokens, "prefix"))
    return True


def uniqueness_suffix(rng, d, world) -> bool:
    """ERPNext refuses a bill number already used for this supplier (the same counter last year),
    so the clerk appends a letter or "-1" to get past the check."""
    d.number = d.number.with_tokens(list(d.number.tokens) + [("suffix", rng.choice(("A", "-1", "/R")))])
    return True


_LOOKALIKE_DIGIT = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}
_LOOKALIKE_LETTER = {"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2"}


def ocr_lookalike(rng, d, world) -> bool:
    """An invoice-scanning tool reads one character as its look-alike (0/O, 1/I, 5/S, 8/B, 2/Z)."""
    tokens = list(d.number.tokens)
    spots = [(i, j) for i, (r, t) in enumerate(tokens) for j, c in enumerate(t)
             if (r == "serial" and c in _LOOKALIKE_DIGIT) or (r == "prefix" and c in _LOOKALIKE_LETTER)]
    if not spots:
        return False
    i, j = rng.choice(spots)
    role, text = tokens[i]
    swap = _LOOKALIKE_DIGIT.get(text[j]) if role == "serial" else _LOOKALIKE_LETTER[text[j]]
    tokens[i] = (role, text[:j] + swap + text[j + 1:])
    d.number = d.number.with_tokens(tokens)
    return True


def digits_transposed(rng, d, world) -> bool:
    serial = d.number.serial()
    # Within the significant digits: "3583" typed "3853"; nobody types "00093" as "00903".
    start = len(serial) - len(serial.lstrip("0"))
    spots = [j for j in range(start, len(serial) - 1) if serial[j] != serial[j + 1]]
    if not spots:
        return False
    j = rng.choice(spots)
    new = serial[:j] + serial[j + 1] + serial[j] + serial[j + 2:]
    d.number = d.number.with_tokens((r, new if r == "serial" else t) for r, t in d.number.tokens)
    return True


def number_label_typed(rng, d, world) -> bool:
    """A hand-written bill says "No. 412"; the clerk types what is printed."""
    d.text = rng.choice(("No.", "No ", "#")) + d.number.text
    return True


# ---- characters that do not change the number at all (still exact) --------------------------


def lower_cased(rng, d, world) -> bool:
    if d.number_text.lower() == d.number_text:
        return False
    d.text = d.number_text.lower()
    return True


def padded_spaces(rng, d, world) -> bool:
    d.text = rng.choice((" ", "  ", "")) + d.number_text + rng.choice((" ", "\t"))
    return True


# ---- dates (clerical: "a date a few days off") ---------------------------------------------


def receipt_date(rng, d, world) -> bool:
    """Booked on the day the bill reached the office; across month ends too."""
    d.day = d.day + timedelta(days=rng.randrange(1, 5))
    d.posting = max(d.posting, d.day)
    return True


def challan_date(rng, d, world) -> bool:
    """The delivery challan's date, a day or two before the invoice, typed as the bill date."""
    d.day = d.day - timedelta(days=rng.randrange(1, 3))
    return True


def bill_date_blank(rng, d, world) -> bool:
    """Bill date is not mandatory in ERPNext; only the posting date, a few days later, is there."""
    d.posting = d.day + timedelta(days=rng.randrange(1, 4))
    d.day = None
    return True


# ---- amounts within ₹1 a head (clerical: rounding) -----------------------------------------


def _round_rupee(paise: int) -> int:
    return (abs(paise) + 50) // 100 * 100 * (1 if paise >= 0 else -1)


def rupee_rounded(rng, d, world) -> bool:
    """Register kept in whole rupees: every head rounded off."""
    a = d.amounts
    new = replace(a, taxable_value=_round_rupee(a.taxable_value), igst=_round_rupee(a.igst),
                  cgst=_round_rupee(a.cgst), sgst=_round_rupee(a.sgst), cess=_round_rupee(a.cess))
    if new == a:
        return False
    d.amounts = new
    return True


def line_rounding(rng, d, world) -> bool:
    """ERPNext recomputes tax on the invoice total; the supplier rounded each line: a few paise off."""
    a = d.amounts
    delta = rng.randrange(2, 70) * rng.choice((1, -1))
    if a.igst:
        d.amounts = replace(a, igst=a.igst + delta)
    else:
        d.amounts = replace(a, cgst=a.cgst + delta, sgst=a.sgst + delta)
    return True


# ---- totals and splits that leave every head within ₹0.01 (still exact) -----------------------


def paisa_split(rng, d, world) -> bool:
    """CGST 90.63 / SGST 90.62 on the bill, the other way round in the books."""
    a = d.amounts
    if not a.cgst or a.cgst == a.sgst:
        return False
    d.amounts = replace(a, cgst=a.sgst, sgst=a.cgst)
    return True


def tcs_in_total(rng, d, world) -> bool:
    """Income-tax TCS (s.206C) collected on the bill sits in the grand total, not in any GST head."""
    d.total_extra += max(100, round(d.bill.value * 0.001))
    return True


# ---- differences that change tax (mismatch) ------------------------------------------------


def _retax(d: Draft, taxable: int, rate: float) -> None:
    intra = d.amounts.igst == 0
    d.amounts = split_tax(taxable, rate, intra, d.bill.supplier.cess_rate if d.amounts.cess else 0.0)


def freight_added(rng, d, world) -> bool:
    """Freight paid to the transporter is added to the supplier's taxable value, with GST on it."""
    freight = rng.randrange(250, 4_000) * 100
    _retax(d, d.amounts.taxable_value + freight, d.bill.rate)
    return True


def discount_netted(rng, d, world) -> bool:
    """A cash discount agreed on the phone is netted in the books; the supplier's GST stays."""
    cut = round(d.amounts.taxable_value * rng.choice((0.02, 0.025, 0.03)))
    if cut <= 100:
        return False
    d.amounts = replace(d.amounts, taxable_value=d.amounts.taxable_value - cut)
    return True


def short_receipt(rng, d, world) -> bool:
    """Three-way match: only the quantity that passed the GRN is booked, tax in proportion."""
    share = rng.choice((0.5, 0.6, 0.75, 0.8, 0.9))
    _retax(d, round(d.amounts.taxable_value * share), d.bill.rate)
    return True


def igst_as_local(rng, d, world) -> bool:
    a = d.amounts
    if not a.igst:
        return False
    d.amounts = replace(a, igst=0, cgst=a.igst - a.igst // 2, sgst=a.igst // 2)
    return True


def local_as_igst(rng, d, world) -> bool:
    a = d.amounts
    if not a.cgst:
        return False
    d.amounts = replace(a, igst=a.cgst + a.sgst, cgst=0, sgst=0)
    return True


def cess_left_out(rng, d, world) -> bool:
    if d.amounts.cess <= 100:
        return False
    d.amounts = replace(d.amounts, cess=0)
    return True


def default_rate(rng, d, world) -> bool:
    """The item tax template's default 18 % applied to a bill charged at another rate."""
    if d.bill.rate == 18.0:
        return False
    _retax(d, d.amounts.taxable_value, 18.0)
    return True


def tcs_in_taxable(rng, d, world) -> bool:
    """TCS on scrap (1 %) typed into the taxable value instead of a separate line."""
    extra = round(d.bill.value * 0.01)
    if extra <= 100:
        return False
    d.amounts = replace(d.amounts, taxable_value=d.amounts.taxable_value + extra)
    return True


def pos_defaulted(rng, d, world) -> bool:
    """Place of supply left at the supplier's state, the ERPNext default from the supplier address."""
    state = d.bill.registration.state
    if state == d.place_of_supply:
        return False
    d.place_of_supply = state
    return True


def other_branch_gstin(rng, d, world) -> bool:
    """Booked against the supplier's branch in another state (the address on the order, say)."""
    others = [r for r in d.bill.supplier.registrations if r.state != d.bill.registration.state]
    if not others:
        return False
    d.gstin = rng.choice(others).gstin
    return True


def sibling_gstin(rng, d, world) -> bool:
    """A "search by PAN" lists two GSTINs in one state; the clerk picked the other unit."""
    siblings = [r for r in d.bill.supplier.registrations
                if r.state == d.bill.registration.state and r.gstin != d.bill.gstin]
    if not siblings:
        return False
    d.gstin = siblings[0].gstin
    return True


# ---- document type (the same document and the same tax, filed under another type) ------------


def note_as_invoice(rng, d, world) -> bool:
    """A supplier's debit note booked as one more purchase invoice."""
    if d.doc_type != DN:
        return False
    d.doc_type = INV
    return True


def credit_note_as_negative_invoice(rng, d, world) -> bool:
    """Off in every profile: ERPNext itself keeps a return as a negative Purchase Invoice, so whether
    the type differs from IMS's credit note is arguable (see the report of the first scan)."""
    if d.doc_type != CN:
        return False
    d.doc_type = INV
    return True


def credit_note_as_buyer_debit_note(rng, d, world) -> bool:
    """Indian usage: the buyer "raises a debit note" for goods returned and books the supplier's
    credit note under it; the amounts stay negative, the type reads Debit Note. Off in every profile:
    ERPNext titles a purchase return "Debit Note", so this is arguably the normal booking."""
    if d.doc_type != CN:
        return False
    d.doc_type = DN
    return True


HABITS = {f.__name__: f for f in (
    separator_changed, separators_removed, spaced_out, unicode_dash, zeros_dropped, zeros_added,
    fy_dropped, fy_rewritten, fy_added, prefix_dropped, uniqueness_suffix, ocr_lookalike,
    digits_transposed, number_label_typed, lower_cased, padded_spaces, receipt_date, challan_date,
    bill_date_blank, rupee_rounded, line_rounding, paisa_split, tcs_in_total, freight_added,
    discount_netted, short_receipt, igst_as_local, local_as_igst, cess_left_out, default_rate,
    tcs_in_taxable, pos_defaulted, other_branch_gstin, sibling_gstin, note_as_invoice,
    credit_note_as_negative_invoice, credit_note_as_buyer_debit_note,
)}

# Groups: what a habit touches. A document gets at most one habit per group.
GROUPS = {
    "number": ("separator_changed", "separators_removed", "spaced_out", "unicode_dash", "zeros_dropped",
               "zeros_added", "fy_dropped", "fy_rewritten", "fy_added", "prefix_dropped",
               "uniqueness_suffix", "ocr_lookalike", "digits_transposed", "number_label_typed"),
    "text": ("lower_cased", "padded_spaces"),
    "date": ("receipt_date", "challan_date", "bill_date_blank"),
    "rounding": ("rupee_rounded", "line_rounding"),
    "harmless": ("paisa_split", "tcs_in_total"),
    "tax": ("freight_added", "discount_netted", "short_receipt", "igst_as_local", "local_as_igst",
            "cess_left_out", "default_rate", "tcs_in_taxable", "pos_defaulted"),
    "gstin": ("other_branch_gstin", "sibling_gstin"),
    "type": ("note_as_invoice", "credit_note_as_negative_invoice", "credit_note_as_buyer_debit_note"),
}
assert set(HABITS) == {h for names in GROUPS.values() for h in names}

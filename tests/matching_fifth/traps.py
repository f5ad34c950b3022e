"""Cases: one or more bills, what IMS shows of them, how they were booked, and which pairs are one
document. Categories are never set here; ``truth.classify`` derives them when the case is added.

Decisions where the README needs reading (why the truth is what it is):

* double booking: the clean copy is the pair; the second copy carries a clerical slip, so it is
  strictly worse and stays missing_in_ims. (Two identical copies would make either pairing right,
  so they are left out.)
* one bill split into two bookings by cost centre: ERPNext refuses a repeated supplier invoice
  number, so the clerk suffixes the second part (``INV/12-A``). The part with the supplier's number
  is the same document with a smaller amount: mismatch; the suffixed part is missing_in_ims.
* two bills booked as one under the first bill's number: the first is a mismatch (amount), the
  second missing_in_pi.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .habits import HABITS, clean_booking

SINGLE_WEIGHTS = {
    "fy_boundary": {"clean": 40, "case_or_spaces": 3, "separators": 4, "leading_zeros": 3, "drop_prefix": 2,
                    "add_prefix": 1, "ocr_O0_I1": 1, "transpose": 1, "fy_token_dropped": 4,
                    "posting_as_bill_date": 4, "date_slip": 2, "rounding": 4, "amount_beyond": 3,
                    "igst_as_cgst_sgst": 2, "cgst_sgst_as_igst": 1, "place_of_supply": 1, "cess_left_out": 1,
                    "inclusive_as_exclusive": 1, "separators_and_amount": 1},
    "branches": {"clean": 40, "case_or_spaces": 2, "separators": 3, "leading_zeros": 2, "drop_prefix": 2,
                 "ocr_O0_I1": 1, "transpose": 1, "posting_as_bill_date": 2, "date_slip": 2, "rounding": 3,
                 "amount_beyond": 3, "igst_as_cgst_sgst": 3, "cgst_sgst_as_igst": 2, "place_of_supply": 3,
                 "branch_gstin": 8, "cess_left_out": 1},
    "small_traders": {"clean": 35, "case_or_spaces": 2, "separators": 2, "leading_zeros": 3, "add_prefix": 3,
                      "ocr_O0_I1": 4, "transpose": 3, "posting_as_bill_date": 3, "date_slip": 4,
                      "rounding": 8, "amount_beyond": 4, "inclusive_as_exclusive": 4,
                      "igst_as_cgst_sgst": 1},
    "services": {"clean": 40, "case_or_spaces": 2, "separators": 3, "leading_zeros": 2, "drop_prefix": 3,
                 "fy_token_dropped": 2, "posting_as_bill_date": 3, "date_slip": 2, "rounding": 4,
                 "amount_beyond": 3, "igst_as_cgst_sgst": 4, "cgst_sgst_as_igst": 4, "place_of_supply": 4,
                 "inclusive_as_exclusive": 4, "separators_and_amount": 1},
}

WEIGHTS = {
    "fy_boundary": {"single": 45, "note": 6, "missing_in_pi": 5, "missing_in_ims": 4, "serial_reset": 10,
                    "fy_token_forgot": 8, "march_bill": 10, "booked_earlier": 4, "double_booking": 2,
                    "split_bill": 1, "two_as_one": 1, "near_number": 4, "own_delhi": 1, "branch": 1},
    "branches": {"single": 50, "note": 6, "missing_in_pi": 5, "missing_in_ims": 4, "serial_reset": 3,
                 "fy_token_forgot": 2, "march_bill": 3, "booked_earlier": 1, "double_booking": 2,
                 "split_bill": 1, "two_as_one": 1, "near_number": 3, "own_delhi": 6, "branch": 10},
    "small_traders": {"single": 50, "note": 4, "missing_in_pi": 5, "missing_in_ims": 5, "serial_reset": 6,
                      "march_bill": 4, "booked_earlier": 3, "double_booking": 4, "split_bill": 2,
                      "two_as_one": 3, "near_number": 8, "own_delhi": 1, "branch": 1, "fy_token_forgot": 1},
    "services": {"single": 55, "note": 10, "missing_in_pi": 5, "missing_in_ims": 4, "serial_reset": 3,
                 "fy_token_forgot": 2, "march_bill": 4, "booked_earlier": 2, "double_booking": 2,
                 "split_bill": 3, "two_as_one": 1, "near_number": 3, "own_delhi": 2, "branch": 2},
}


def _habit(b, bill, name, booking=None):
    booking = booking or clean_booking(bill, b.rng)
    changed = HABITS[name](bill, booking, b.rng)
    return changed, name


def _labels(bill, names):
    labels = [n for n in names if n != "clean"]
    if bill.printed != bill.reported:
        labels.append("rule46_cut")
    return labels or (["clean"] if names else [])


def _pick_habit(b):
    names, weights = zip(*SINGLE_WEIGHTS[b.profile].items())
    return b.rng.choices(names, weights=weights)[0]


def _single(b, kind="INV", case="single"):
    supplier = b.rng.choice(b.world.suppliers)
    bill = b.bill(supplier, b.april_day(), kind=kind, gstin=b.rng.choice(supplier.gstins))
    name = _pick_habit(b)
    booking, _ = _habit(b, bill, name)
    if booking is None:
        return
    record, document = b.record(bill), b.document(booking, supplier)
    labels = _labels(bill, [name])
    b.add(case, [record], [document], [(record, document)], {id(record): labels, id(document): labels})


def single(b):
    _single(b)


def note(b):
    _single(b, kind=b.rng.choice(["CN", "CN", "DN"]), case="note")


def missing_in_pi(b):
    supplier = b.rng.choice(b.world.suppliers)
    bill = b.bill(supplier, b.april_day(), gstin=b.rng.choice(supplier.gstins))
    record = b.record(bill)
    b.add("missing_in_pi", [record], [], [], {id(record): ["not_booked_yet"]})


def missing_in_ims(b):
    supplier = b.rng.choice(b.world.suppliers)
    bill = b.bill(supplier, b.april_day(), gstin=b.rng.choice(supplier.gstins))
    document = b.document(clean_booking(bill, b.rng), supplier)
    b.add("missing_in_ims", [], [document], [], {id(document): ["supplier_not_reported"]})


def serial_reset(b):
    """This year's INV/n beside last year's INV/n (April 2025) of the same supplier in the books:
    booked in April 2025, or found and booked late in April 2026. Last year's is never this
    month's pair. This year's is booked or not."""
    suppliers = b.world.by_style("plain_reset", "prefix_reset", "fy_token", "long")
    if not suppliers:
        return
    supplier = b.rng.choice(suppliers)
    gstin = supplier.gstins[0]
    now = b.bill(supplier, b.april_day(1, 20), gstin=gstin)
    serial = int("".join(c for c in now.printed.rsplit("/", 1)[-1].rsplit("-", 1)[-1] if c.isdigit()))
    old_day = date(2025, 4, now.day.day) + timedelta(days=b.rng.randint(-2, 6))
    old = b.bill(supplier, old_day, gstin=gstin, serial=serial)
    late = b.rng.random() < 0.5
    posting = b.april_day(max(now.day.day, 2), 30) if late else old_day + timedelta(days=b.rng.randint(0, 5))
    old_doc = b.document(clean_booking(old, b.rng, posting), supplier)
    records, documents, pairs = [b.record(now)], [old_doc], []
    labels = {id(old_doc): ["last_year_same_serial", "booked_late" if late else "booked_in_2025"]}
    if b.rng.random() < 0.7:
        doc = b.document(clean_booking(now, b.rng), supplier)
        documents.append(doc)
        pairs.append((records[0], doc))
        labels[id(doc)] = _labels(now, ["clean"])
    labels[id(records[0])] = ["new_fy_serial"] + _labels(now, [])
    b.add("serial_reset", records, documents, pairs, labels)


def fy_token_forgot(b):
    """Supplier prints last year's FY token on 1-10 April; GSTN has it so. The clerk corrects the
    token in the books, or copies it as printed. Last year's bill with that very number may sit in
    the books from April 2025."""
    suppliers = [s for s in b.world.suppliers if s.forgets_fy_token]
    if not suppliers:
        return
    supplier = b.rng.choice(suppliers)
    bill = b.bill(supplier, b.april_day(1, 10), token_year=2025)
    corrected = b.rng.random() < 0.6
    booking = clean_booking(bill, b.rng)
    if corrected:
        new = bill.printed.replace(_token(supplier, 2025), _token(supplier, 2026))
        booking = replace(booking, bill_no=new)
    record, document = b.record(bill), b.document(booking, supplier)
    labels = {id(record): ["supplier_forgot_fy_token"] + _labels(bill, []),
              id(document): ["clerk_corrects_fy_token" if corrected else "booked_as_printed"]}
    documents = [document]
    if b.rng.random() < 0.5:
        serial = int(bill.printed.rsplit("/", 1)[-1].rsplit("-", 1)[-1])
        old = b.bill(supplier, date(2025, 4, b.rng.randint(1, 12)), serial=serial)
        old_doc = b.document(clean_booking(old, b.rng), supplier)
        documents.append(old_doc)
        labels[id(old_doc)] = ["last_year_same_number", "booked_in_2025"]
    b.add("fy_token_forgot", [record], documents, [(record, document)], labels)


def _token(supplier, year):
    from .numbers import fy_token

    return fy_token(year, supplier.fy_format)


def march_bill(b):
    """A bill of 25-31 March 2026 (FY 2025-26, reported for 032026) received and booked in April."""
    supplier = b.rng.choice(b.world.suppliers)
    bill = b.bill(supplier, date(2026, 3, b.rng.randint(25, 31)))
    habit = b.rng.choice(["posting_as_bill_date", "clean", "clean", "fy_retype", "rounding", "amount_beyond"])
    posting = date(2026, 4, b.rng.randint(1, 6))
    booking = clean_booking(bill, b.rng, posting)
    if habit == "posting_as_bill_date":
        if (posting - bill.day).days > 4:
            return  # more than a few days off: the README does not say; left out
        booking = replace(booking, bill_date=posting)
    elif habit == "fy_retype":
        from .habits import fy_retype

        booking = fy_retype(bill, booking, b.rng)
        if booking is None:
            return
    elif habit != "clean":
        booking = HABITS[habit](bill, booking, b.rng)
    record, document = b.record(bill), b.document(booking, supplier)
    labels = ["march_bill_booked_in_april"] + _labels(bill, [habit])
    b.add("march_bill", [record], [document], [(record, document)],
          {id(record): labels, id(document): labels})


def booked_earlier(b):
    """March 2026 bills booked in March: in the books the engine sees, not in April's IMS."""
    supplier = b.rng.choice(b.world.suppliers)
    bill = b.bill(supplier, date(2026, 3, b.rng.randint(1, 28)))
    posting = bill.day + timedelta(days=b.rng.randint(0, 3))
    document = b.document(clean_booking(bill, b.rng, posting), supplier)
    b.add("booked_earlier", [], [document], [], {id(document): ["booked_in_march"]})


def double_booking(b):
    supplier = b.rng.choice(b.world.suppliers)
    bill = b.bill(supplier, b.april_day(1, 25))
    first = clean_booking(bill, b.rng)
    slip = b.rng.choice(["separators", "leading_zeros", "posting_as_bill_date", "rounding", "case_or_spaces"])
    second = HABITS[slip](bill, replace(first, posting_date=first.posting_date + timedelta(days=3)), b.rng)
    if second is None:
        return
    record = b.record(bill)
    one, two = b.document(first, supplier), b.document(second, supplier)
    b.add("double_booking", [record], [one, two], [(record, one)],
          {id(record): ["booked_twice"], id(one): ["booked_twice", "first_copy"],
           id(two): ["booked_twice", "second_copy", slip]})


def split_bill(b):
    supplier = b.rng.choice(b.world.suppliers)
    bill = b.bill(supplier, b.april_day())
    share = b.rng.choice([0.5, 0.6, 0.7, 0.75])
    from .habits import tax_heads

    big_taxable = round(bill.amounts.taxable_value * max(share, 1 - share))
    big = tax_heads(big_taxable, bill.rate, bill.amounts.cgst > 0)
    rest = replace(bill.amounts, taxable_value=bill.amounts.taxable_value - big.taxable_value,
                   igst=bill.amounts.igst - big.igst, cgst=bill.amounts.cgst - big.cgst,
                   sgst=bill.amounts.sgst - big.sgst, cess=0)
    big = replace(big, cess=bill.amounts.cess)
    base = clean_booking(bill, b.rng)
    one = b.document(replace(base, amounts=big), supplier)
    suffixed = bill.printed + b.rng.choice(["-A", "/B", " (2)"])
    two = b.document(replace(base, amounts=rest, bill_no=suffixed), supplier)
    record = b.record(bill)
    b.add("split_bill", [record], [one, two], [(record, one)],
          {id(record): ["split_by_cost_centre"], id(one): ["split_by_cost_centre", "part_1"],
           id(two): ["split_by_cost_centre", "part_2_suffixed"]})


def two_as_one(b):
    supplier = b.rng.choice(b.world.suppliers)
    day = b.april_day(1, 28)
    first = b.bill(supplier, day)
    second = b.bill(supplier, day + timedelta(days=b.rng.choice([0, 0, 1])))
    total = first.amounts + second.amounts
    if (first.amounts.cgst > 0) != (second.amounts.cgst > 0):
        return
    booking = replace(clean_booking(first, b.rng), amounts=total)
    one, two = b.record(first), b.record(second)
    document = b.document(booking, supplier)
    b.add("two_as_one", [one, two], [document], [(one, document)],
          {id(one): ["two_bills_one_booking"], id(two): ["two_bills_one_booking", "second_bill"],
           id(document): ["two_bills_one_booking"]})


def near_number(b):
    """Repeat supply: consecutive bills, same amounts, a day apart. Only some are reported and
    some booked; a booked neighbour of a reported bill is never its pair."""
    supplier = b.rng.choice(b.world.suppliers)
    day = b.april_day(1, 26)
    first = b.bill(supplier, day)
    bills = [first] + [b.bill(supplier, day + timedelta(days=i), amounts=first.amounts) for i in (1, 2)]
    if any(x.place_of_supply != first.place_of_supply for x in bills):
        return
    reported = b.rng.choice([(0,), (0, 2), (1,), (2,)])
    booked = b.rng.choice([(0, 1), (1,), (0, 1, 2), (1, 2)])
    records = {i: b.record(bills[i]) for i in reported}
    documents = {i: b.document(clean_booking(bills[i], b.rng), supplier) for i in booked}
    pairs = [(records[i], documents[i]) for i in reported if i in documents]
    labels = {id(x): ["repeat_supply_neighbour"] for x in (*records.values(), *documents.values())}
    b.add("near_number", list(records.values()), list(documents.values()), pairs, labels)


def own_delhi(b):
    """A bill addressed to our Delhi registration, booked in the UP books: not in UP's IMS. The
    supplier's neighbouring bills to UP are reported and booked."""
    supplier = b.rng.choice(b.world.suppliers)
    day = b.april_day(2, 27)
    before = b.bill(supplier, day)
    delhi = b.bill(supplier, day, to_delhi=True)
    after = b.bill(supplier, day + timedelta(days=1))
    records = [b.record(before), b.record(after)]
    documents = [b.document(clean_booking(x, b.rng), supplier) for x in (before, delhi, after)]
    labels = {id(documents[1]): ["addressed_to_our_delhi_gstin", "booked_in_up_books"]}
    b.add("own_delhi", records, documents, [(records[0], documents[0]), (records[1], documents[2])], labels)


def branch(b):
    """A bill from one GSTIN of the supplier booked against its other GSTIN (same PAN)."""
    suppliers = b.world.with_branches()
    if not suppliers:
        return
    supplier = b.rng.choice(suppliers)
    gstin = b.rng.choice(supplier.gstins)
    bill = b.bill(supplier, b.april_day(), gstin=gstin)
    booking, _ = _habit(b, bill, "branch_gstin")
    record, document = b.record(bill), b.document(booking, supplier)
    labels = ["branch_gstin"] + _labels(bill, [])
    b.add("branch", [record], [document], [(record, document)], {id(record): labels, id(document): labels})


CASES = {
    "single": single, "note": note, "missing_in_pi": missing_in_pi, "missing_in_ims": missing_in_ims,
    "serial_reset": serial_reset, "fy_token_forgot": fy_token_forgot, "march_bill": march_bill,
    "booked_earlier": booked_earlier, "double_booking": double_booking, "split_bill": split_bill,
    "two_as_one": two_as_one, "near_number": near_number, "own_delhi": own_delhi, "branch": branch,
}

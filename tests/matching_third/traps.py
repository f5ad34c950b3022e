"""Habits that leave one side alone, and traps: near-identical neighbours that must stay apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from india_ims.gst_india.documents import Action

from . import numbers as nb
from .habits import CN, DN, INV, ordinary
from .world import COMPANY_STATE, MONTH_END, MONTH_START, OTHER_STATES, Retry, World


# ---------------- missing in PI ----------------
def not_booked(w):
    d = w.doc(ordinary(w), w.rng.choices([INV, CN, DN], weights=[85, 10, 5])[0])
    w.lone_ims(w.ims_record(d), "not_booked_yet")


def travel_bills(w):
    """Airline and hotel invoices on the company's GSTIN that nobody books with GST."""
    sup = w.special("airline", "sap", 5, state=w.rng.choice(OTHER_STATES))
    for _ in range(w.rng.randint(1, 3)):
        d = w.doc(sup, taxable=w.rng.randint(2500, 14000) * 100 + w.rng.randint(0, 99))
        w.lone_ims(w.ims_record(d), "travel_bill_not_booked")


def pending_last_month(w):
    d = w.doc(ordinary(w), when=w.day(date(2025, 7, 1), date(2025, 7, 31)))
    ims = w.ims_record(d, period="072025")
    w.ims[-1] = replace(ims, action=Action.PENDING)
    w.lone_ims(w.ims[-1], "pending_from_july")


# ---------------- missing in IMS ----------------
def not_filed(w):
    d = w.doc(ordinary(w), w.rng.choices([INV, CN, DN], weights=[90, 7, 3])[0])
    w.lone_pi(w.purchase(d), "supplier_not_filed_qrmp")


def rcm_bill(w):
    """A transporter's RCM bill: never in IMS. Its forward-charge neighbour is."""
    sup = w.special("gta", w.rng.choice(["tally_gst", "plain", "marg"]), 5)
    rcm = w.doc(sup)
    w.lone_pi(w.purchase(rcm, reverse_charge=True), "rcm_bill_not_in_ims")
    sup.rate = 12
    fcm = w.doc(sup)
    w.pair(w.ims_record(fcm), w.purchase(fcm), "transporter_forward_charge", "exact")


def rent_next_bill(w):
    """Monthly rent, identical every month: July's bill booked late, August's not yet."""
    sup = w.special("rent", w.rng.choice(["tally_gst", "plain", "marg", "busy"]), 18, state=COMPANY_STATE)
    august = w.doc(sup, when=date(2025, 8, 1), taxable=w.rng.randint(15000, 300000) * 100)
    july = w.doc(sup, when=date(2025, 7, 1), serial=august.serial - 1, amounts=august.amounts)
    w.lone_ims(w.ims_record(august), "rent_this_month_not_booked")
    w.lone_pi(w.purchase(july, posting=w.day(date(2025, 8, 5))), "rent_last_month_booked_late")


def old_fy_same_number(w):
    """Serials restart each April: last year's bill 123 booked late beside this year's 123."""
    sup = ordinary(w, lambda s: s.kind in ("plain", "marg", "zoho", "tally_inv", "tally_gst"))
    now = w.doc(sup)
    old = w.doc(sup, serial=now.serial, fy_start=2024, when=w.day(date(2025, 2, 1), date(2025, 3, 31)))
    w.lone_ims(w.ims_record(now), "this_year_same_serial_not_booked")
    w.lone_pi(w.purchase(old, posting=w.day()), "last_year_same_serial_booked_late")


def neighbour(w):
    """Bill 0043 booked (not yet reported); bill 0042 reported (not yet booked)."""
    sup = ordinary(w)
    reported = w.doc(sup)
    booked = w.doc(sup, serial=reported.serial + w.rng.randint(1, 3),
                   when=min(MONTH_END, reported.date + timedelta(days=w.rng.randint(4, 15))))
    w.lone_ims(w.ims_record(reported), "neighbour_reported_not_booked")
    w.lone_pi(w.purchase(booked), "neighbour_booked_not_reported")


def slip_neighbour(w):
    """Reported 0042 and booked 0024: a transposition, but a real other bill (other value, date)."""
    sup = ordinary(w, lambda s: s.kind != "sap")
    reported = w.doc(sup)
    text = str(reported.serial).zfill(reported.scheme.pad)
    spots = [p for p in range(len(text) - 1) if nb.transpose(text, p)]
    if not spots:
        raise Retry("no transposition")
    slip = nb.transpose(text, w.rng.choice(spots))
    other = int(slip)
    if str(other).zfill(reported.scheme.pad) != slip:
        raise Retry("the slip moved a leading zero")
    booked = w.doc(sup, serial=other, when=w.day(date(2025, 7, 1), date(2025, 7, 28)))
    w.lone_ims(w.ims_record(reported), "transposed_neighbour_reported")
    w.lone_pi(w.purchase(booked), "transposed_neighbour_booked")


def duplicate_booking(w):
    """The same bill entered twice; the second time from a photocopy, number typed differently."""
    d = w.doc(ordinary(w, lambda s: s.scheme(INV).pad >= 3 and s.kind != "sap"))
    w.pair(w.ims_record(d), w.purchase(d), "booked_once", "exact")
    again = w.purchase(d, bill_no=nb.unpad(d.scheme).render(d.serial), posting=d.date + timedelta(days=9))
    if again.bill_no.upper() == d.number.upper():
        raise Retry("no visible difference")
    w.lone_pi(again, "booked_twice_duplicate")


def branch_same_number(w):
    """Two branches, separate series, same number INV/25-26/0042; one bill booked under the wrong one."""
    sup = ordinary(w, lambda s: s.branch is not None)
    main = w.doc(sup)
    when = min(MONTH_END, max(MONTH_START, main.date + timedelta(days=w.rng.choice([-9, -5, 4, 8]))))
    twin = w.doc(sup.branch, serial=main.serial, when=when)
    w.pair(w.ims_record(twin), w.purchase(twin), "branch_own_bill", "exact")
    w.pair(w.ims_record(main), w.purchase(main, gstin=sup.branch.gstin), "branch_wrong_gstin_same_number",
           "mismatch")


def twin_one_booked(w):
    """Identical repeat bills 0042 and 0043; only 0043 booked (bill date typed late)."""
    sup = ordinary(w)
    first = w.doc(sup, when=w.day(date(2025, 8, 1), date(2025, 8, 14)))
    second = _repeat(w, sup, first, w.rng.randint(3, 14))
    w.lone_ims(w.ims_record(first), "repeat_bill_not_booked")
    pi = w.purchase(second, bill_date=second.date + timedelta(days=w.rng.randint(1, 3)))
    w.pair(w.ims_record(second), pi, "repeat_bill_booked_date_off", "suggested")


def twin_date_crossed(w):
    """Identical bills 0042 (5th) and 0043 (10th); 0042 booked with the bill date typed as the 9th:
    its date is nearer the other bill, its number is its own (a few days off: at most 5)."""
    sup = ordinary(w)
    first = w.doc(sup, when=w.day(date(2025, 8, 1), date(2025, 8, 20)))
    second = _repeat(w, sup, first, w.rng.randint(4, 6))
    typed = second.date - timedelta(days=1)
    w.pair(w.ims_record(first), w.purchase(first, bill_date=typed), "identical_bill_date_typed_late",
           "suggested")
    w.pair(w.ims_record(second), w.purchase(second), "identical_bill_booked_exactly", "exact")


def two_series_same_serial(w):
    """Marg-style series A (goods) and B (services) share serials: A/123 and B/123 in one month."""
    sup = ordinary(w, lambda s: s.kind in ("marg", "tally_gst", "tally_inv"))
    goods = w.doc(sup)
    template = "B" + goods.scheme.template.lstrip("AGSTINV")  # A/{serial} -> B/{serial}
    other = nb.Scheme(goods.scheme.name + "_b", template, goods.scheme.pad)
    services = w.doc(sup, serial=goods.serial, scheme=other, when=w.day())
    w.pair(w.ims_record(goods), w.purchase(goods), "series_a_booked", "exact")
    pi = w.purchase(services, bill_no=nb.drop_prefix(other).render(services.serial))
    w.pair(w.ims_record(services), pi, "series_b_prefix_dropped", "suggested")


def _repeat(w: World, sup, first, gap: int):
    """The supplier's next bill, identical amounts, ``gap`` days later; never a slip of the first's
    serial (1412 and 1421 a week apart could be one bill mistyped twice: not a fair trap)."""
    second = w.doc(sup, amounts=first.amounts, when=first.date + timedelta(days=gap))
    a, b = str(first.serial), str(second.serial)
    if len(a) == len(b) and sorted(a) == sorted(b):
        raise Retry("the next serial is an anagram of the first")
    return second


def repeat_unreported_rewritten(w):
    """Identical repeat bills; 0042 reported not booked, 0043 (maybe typed '43') booked, not reported."""
    sup = ordinary(w, lambda s: s.scheme(INV).pad >= 3 and s.kind != "sap")
    first = w.doc(sup, when=w.day(date(2025, 8, 1), date(2025, 8, 15)))
    second = _repeat(w, sup, first, w.rng.randint(1, 14))
    w.lone_ims(w.ims_record(first), "repeat_bill_reported_not_booked")
    rewritten = w.rng.random() < 0.5
    number = nb.unpad(second.scheme).render(second.serial) if rewritten else second.number
    pi = w.purchase(second, bill_no=number)
    suffix = "_number_rewritten" if number != second.number else ""
    w.lone_pi(pi, "repeat_bill_booked_not_reported" + suffix)


def old_fy_token_dropped(w):
    """Last year's INV/24-25/0042 booked late as INV/0042; this year's INV/25-26/0042 not booked."""
    sup = ordinary(w, lambda s: s.scheme(INV).has_fy)
    now = w.doc(sup)
    old = w.doc(sup, serial=now.serial, fy_start=2024, when=w.day(date(2025, 2, 1), date(2025, 3, 31)))
    w.lone_ims(w.ims_record(now), "this_year_bill_not_booked")
    pi = w.purchase(old, bill_no=nb.drop_fy(old.scheme).render(old.serial), posting=w.day())
    w.lone_pi(pi, "last_year_bill_booked_without_year")


def composition_bill(w):
    """A composition dealer's bill of supply: no tax, never in IMS."""
    sup = w.special("goods", w.rng.choice(["plain", "marg"]), 0, state=COMPANY_STATE)
    d = w.doc(sup)
    w.lone_pi(w.purchase(d), "composition_bill_of_supply")


# ---------------- amendments ----------------
def note_amendment(w):
    """B2BCNA / B2BDNA keeping the number; values as the books hold them."""
    d = w.doc(ordinary(w), w.rng.choice([CN, DN]))
    ims = w.ims_record(d, amended_from=d.number, amended_date=d.date)
    w.pair(ims, w.purchase(d), "note_amendment_same_number", "exact")


def amendment_new_number(w):
    """B2BA re-numbering the bill (INV/25-26/0042 -> INV/25-26/0042A); books hold the original."""
    d = w.doc(ordinary(w, lambda s: len(s.scheme(INV).render(99999)) <= 15))
    ims = w.ims_record(d, number=d.number + "A", amended_from=d.number, amended_date=d.date)
    w.pair(ims, w.purchase(d), "amendment_booked_under_original_number", "suggested")


def amendment_date_corrected(w):
    """B2BA correcting the date by a few days; books hold the date of the original."""
    d = w.doc(ordinary(w), when=w.day(date(2025, 8, 1), date(2025, 8, 25)))
    fixed = replace(d, date=d.date + timedelta(days=w.rng.randint(1, 5)))
    ims = w.ims_record(fixed, amended_from=d.number, amended_date=d.date)
    w.pair(ims, w.purchase(d), "amendment_corrected_date", "suggested")

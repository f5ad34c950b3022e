"""Year-end scenarios (documents on one side only, amendments) and traps: documents that look alike
but are different bills and must stay unpaired. Each returns ``Case``s with their tags."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, Section

from .bills import Bill, Case, Draft, faithful, has_fy_token, march_day, new_bill, tax
from .habits import apply_habit
from .world import DAILY, LAST_FY, MONTHLY, OEM, PARALLEL, STAY, Supplier, World


def _pick(rng: random.Random, world: World, flag: str | None = None, *,
          local: bool = False) -> Supplier | None:
    pool = [s for s in world.suppliers if (flag is None or s.has(flag)) and not s.has(STAY)
            and (not local or s.state == world.state)]
    return rng.choice(pool) if pool else None


def amended_bill(rng: random.Random, world: World) -> Case:
    """A February bill the supplier amended in March's GSTR-1 (b2ba, same number: a wrong rate or
    quantity corrected). The clerk booked it late, in March: with the corrected values (revised copy
    received) the pair is **exact**; with the values first printed it is a **mismatch** (amounts beyond
    tolerance)."""
    supplier = _pick(rng, world)
    first = new_bill(rng, supplier, world.state, date(2027, 2, rng.randrange(3, 27)))
    factor = rng.choice((0.8, 0.9, 1.1, 1.25))
    corrected = tax(round(first.amounts.taxable_value * factor), first.rate, first.intra)
    bill = replace(first, amounts=corrected, section=Section.B2BA, original_day=first.day,
                   tags=["amended_by_supplier"])
    draft = faithful(rng, bill)
    draft.posting = march_day(rng, 1, 20)
    if rng.random() < 0.5 and abs(first.amounts.taxable_value - corrected.taxable_value) >= 1_000:
        draft.amounts = first.amounts
        draft.mark("booked_before_amendment", "mismatch")
    else:
        draft.mark("booked_as_amended", "exact")
    return Case(bill, [draft], True)


def year_end_note(rng: random.Random, world: World) -> Case:
    """A turnover-discount credit note or price-revision debit note dated 31 March. Unbooked (the
    team waits for the hard copy): **missing_in_pi**. Booked as issued: **exact**; booked with the
    letter's gross as taxable value: **mismatch** (habit ``note_gross_as_taxable``)."""
    supplier = _pick(rng, world)
    doc_type = rng.choice((DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE))
    bill = new_bill(rng, supplier, world.state, date(2027, 3, 31), doc_type)
    bill.tags.append("year_end_note")
    roll = rng.random()
    if roll < 0.35:
        return Case(bill, [], False)
    draft = faithful(rng, bill)
    if roll < 0.7:
        apply_habit(rng, bill, draft, world.profile, ("note_gross_as_taxable",))
    return Case(bill, [draft], True)


def books_only(rng: random.Random, world: World) -> list[Case]:
    """Entries no supplier reports in IMS, so **missing_in_ims**: a local unregistered vendor (no
    GSTIN, no tax), an import's bill of entry (no GSTIN, IGST paid at customs), a service under reverse
    charge (security, GTA: IMS leaves RCM documents out) and a year-end provision for a bill due in
    April."""
    cases = []
    day = march_day(rng)
    cases.append(Case(None, [Draft("", f"Cash vendor {rng.randrange(99)}", DocumentType.INVOICE,
                                   str(rng.randrange(1, 400)), day, day,
                                   Amounts(rng.randrange(20_000, 900_000)), world.state,
                                   habits=["unregistered_vendor"])], False))
    day = march_day(rng)
    value = rng.randrange(5_000_000, 90_000_000)
    cases.append(Case(None, [Draft("", "Customs (bill of entry)", DocumentType.INVOICE,
                                   str(rng.randrange(1_000_000, 9_999_999)), day, day,
                                   tax(value, 18, False), world.state, habits=["bill_of_entry"])], False))
    supplier = _pick(rng, world, local=True)
    if supplier is not None:
        bill = new_bill(rng, supplier, world.state, march_day(rng))
        draft = faithful(rng, bill)
        draft.reverse_charge = True
        draft.habits.append("reverse_charge_service")
        cases.append(Case(None, [draft], False))
    supplier = _pick(rng, world)
    bill = new_bill(rng, supplier, world.state, date(2027, 3, 31))
    draft = faithful(rng, bill)
    draft.bill_no = f"PROV/{supplier.prefix[:3]}/0327"
    draft.habits.append("year_end_provision")
    cases.append(Case(None, [draft], False))
    return cases


def provision_beside_bill(rng: random.Random, world: World) -> list[Case]:
    """trap: a monthly contract bill of 31 March, reported and booked as issued, and the provision the
    team had made for it on the same day for the same amount, not reversed. The bill pairs **exact**;
    the provision is **missing_in_ims**. (With the bill unbooked, whether the provision "is" the bill is
    open: left out.)"""
    supplier = _pick(rng, world, MONTHLY)
    if supplier is None:
        return []
    bill = new_bill(rng, supplier, world.state, date(2027, 3, 31))
    bill.tags.append("trap:provision_beside_bill")
    provision = faithful(rng, bill)
    provision.bill_no = f"PROV-MAR27-{rng.randrange(1, 99):02d}"
    provision.posting = date(2027, 3, 31)
    provision.habits.append("trap:provision_beside_bill")
    return [Case(bill, [faithful(rng, bill)], True), Case(None, [provision], False)]


def daily_run(rng: random.Random, world: World) -> list[Case]:
    """trap: a supplier billing one amount every day (milk, a coal lorry, water cans), consecutive
    numbers. Some days are booked, some reported only, a few booked but not reported (the supplier's
    GSTR-1 left them out). Each booked day pairs **exact** with its own number; the rest must stay
    unpaired though neighbours share the amount."""
    supplier = _pick(rng, world, DAILY)
    if supplier is None:
        return []
    taxable = rng.randrange(supplier.kind.size[0] * 100, supplier.kind.size[1] * 100)
    start, days, rate = rng.randrange(1, 15), rng.randrange(8, 17), rng.choice(supplier.kind.rates)
    cases = []
    for n in range(days):
        bill = new_bill(rng, supplier, world.state, date(2027, 3, start + n), taxable=taxable,
                        rate=rate)
        bill.tags.append("trap:daily_run")
        roll = rng.random()
        draft = faithful(rng, bill)
        if roll < 0.12:
            draft.habits.append("trap:daily_run")
            cases.append(Case(None, [draft], False))
        else:
            cases.append(Case(bill, [draft] if roll < 0.85 else [], roll < 0.85))
    return cases


def oem_note_run(rng: random.Random, world: World) -> list[Case]:
    """trap: an OEM's price-revision debit notes of 31 March, one per model, few amounts, consecutive
    numbers. One is unbooked (**missing_in_pi**); one the dealer booked from the OEM portal that the
    OEM reports only in April (**missing_in_ims**); the rest pair **exact**."""
    supplier = _pick(rng, world, OEM)
    if supplier is None:
        return []
    amounts = [rng.randrange(500_000, 3_000_000) for _ in range(2)]
    count = rng.randrange(4, 8)
    first = supplier.take("dn", count)
    day = date(2027, 3, 31)
    cases = []
    # The unbooked note and the one reported in April carry different amounts: with the same amount,
    # day and a near number nothing in the documents tells a slip of a digit from another note (open).
    skip = rng.randrange(count)
    extra = rng.choice([n for n in range(count) if n % 2 != skip % 2])
    for n in range(count):
        bill = new_bill(rng, supplier, world.state, day, DocumentType.DEBIT_NOTE, amounts[n % 2], first + n,
                        supplier.kind.rates[0])
        bill.tags.append("trap:oem_note_run")
        draft = faithful(rng, bill)
        if n == extra:
            draft.habits.append("trap:oem_note_run(reported in April)")
            cases.append(Case(None, [draft], False))
        else:
            cases.append(Case(bill, [] if n == skip else [draft], n != skip))
    return cases


def old_year_bill(rng: random.Random, world: World, bills: list[Bill]) -> list[Case]:
    """trap: the year-end balance confirmation turns up last March's bill never booked; the clerk books
    it now with its own date (March 2026) and number, last year's token and this March's serial. It
    is **missing_in_ims** (it was in last year's IMS); this year's bill of that serial is not it."""
    pool = [b for b in bills if has_fy_token(b.supplier.style) and b.series == "inv"]
    if not pool:
        return []
    current = rng.choice(pool)
    old = replace(current, fy=LAST_FY, day=current.day.replace(year=2026), tags=["trap:old_year_bill"],
                  amounts=tax(rng.randrange(100_000, 5_000_000), current.rate, current.intra))
    draft = faithful(rng, old)
    draft.posting = march_day(rng, 20, 31)
    draft.habits.append("trap:old_year_bill")
    return [Case(None, [draft], False)]


def parallel_series(rng: random.Random, world: World) -> list[Case]:
    """trap: a distributor billing liquor (outside GST) or a bookseller billing books (nil-rated) from
    a parallel series on the same day as its taxed bill; neither of those reaches IMS. The taxed bill
    pairs with its booking (**exact**) or is unbooked (**missing_in_pi**); the untaxed bill is
    **missing_in_ims**: a bill with no tax is not the taxed bill reported."""
    supplier = _pick(rng, world, PARALLEL)
    if supplier is None:
        return []
    bill = new_bill(rng, supplier, world.state, march_day(rng))
    bill.tags.append("trap:parallel_series")
    untaxed = replace(bill, series="alt", serial=supplier.take("alt"),
                      amounts=Amounts(rng.randrange(100_000, 4_000_000)), tags=["trap:parallel_series"])
    draft = faithful(rng, untaxed)
    draft.habits.append("trap:parallel_series")
    booked = rng.random() < 0.6
    return [Case(bill, [faithful(rng, bill)] if booked else [], booked), Case(None, [draft], False)]


def scenarios_and_traps(rng: random.Random, world: World, size: int, bills: list[Bill]) -> list[Case]:
    cases: list[Case] = []
    scale = max(1, size // 100)
    for _ in range(scale):
        cases.append(amended_bill(rng, world))
        cases += [year_end_note(rng, world) for _ in range(2)]
        cases += books_only(rng, world)
        cases += provision_beside_bill(rng, world)
        cases += daily_run(rng, world)
        cases += oem_note_run(rng, world)
        cases += old_year_bill(rng, world, bills)
        cases += parallel_series(rng, world)
    return cases

"""``make_month(seed, profile, size)``: one April 2026 of our UP registration, with its truth.

A month is assembled from cases (``traps.CASES``): each case issues one or more supplier bills,
decides which reach IMS and how the clerk booked them, and names the record-document pairs that
are the same document. The category of every pair is then *derived* by ``truth.classify``; a case
whose documents would make any truth pair wrong or not unique (checked against every document of
the same PAN already in the month, see ``truth.conflicts``) is thrown away and another drawn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date

from india_ims.gst_india.documents import (
    DocumentType,
    ImsRecord,
    PurchaseDocument,
    Section,
)

from . import numbers, traps
from .habits import Bill, Booking, tax_heads
from .truth import classify, conflicts
from .world import World, make_world

PROFILES = ("fy_boundary", "branches", "small_traders", "services")
KIND_TYPE = {"INV": DocumentType.INVOICE, "CN": DocumentType.CREDIT_NOTE, "DN": DocumentType.DEBIT_NOTE}
KIND_SECTION = {"INV": Section.B2B, "CN": Section.B2BCN, "DN": Section.B2BDN}
APRIL = date(2026, 4, 1)


@dataclass
class Month:
    seed: int
    profile: str
    world: World
    ims: list[ImsRecord]
    purchases: list[PurchaseDocument]
    truth: list[dict]
    habits: dict = field(default_factory=dict)  # ("ims", index) / ("pi", name) -> [habit, ...]
    cases: dict = field(default_factory=dict)  # same keys -> case name
    discarded: int = 0

    def habits_of_record(self, index: int) -> list[str]:
        return self.habits.get(("ims", index), [])

    def habits_of_purchase(self, name: str) -> list[str]:
        return self.habits.get(("pi", name), [])


class Builder:
    def __init__(self, seed: int, profile: str):
        self.rng = random.Random(f"fifth:{seed}:{profile}")
        self.profile = profile
        self.world = make_world(self.rng, 60, profile)
        self.records: list[ImsRecord] = []
        self.documents: list[PurchaseDocument] = []
        self.pairs: dict = {}
        self.habits: dict = {}
        self.case_of: dict = {}
        self.discarded = 0
        self._serial_state: dict = {}

    # -- bills ---------------------------------------------------------------------------------

    def amounts_for(self, supplier, gstin: str, place: str, kind: str):
        rng = self.rng
        scale = {"small_traders": (200, 8000)}.get(self.profile, (500, 400000))
        if kind != "INV":
            scale = (scale[0], scale[1] // 8)
        taxable = round(rng.uniform(*scale) * 100) if rng.random() < 0.6 else \
            round(10 ** rng.uniform(2.5, 5.6) * 100)
        rate = 18 if supplier.services else rng.choice([5, 18, 18, 18, 40])
        cess = 12 if supplier.cess and kind == "INV" else 0
        return tax_heads(taxable, rate, gstin[:2] == place, cess), rate

    def bill(self, supplier, day: date, *, kind: str = "INV", gstin: str | None = None,
             serial: int | None = None, token_year: int | None = None, to_delhi: bool = False,
             amounts=None) -> Bill:
        gstin = gstin or supplier.gstins[0]
        fy = numbers.fy_start(day)
        if serial is None:
            branch = supplier.gstins.index(gstin)
            start = 1 + 500 * branch
            if supplier.style in ("continuous", "calendar"):
                start = 300 + 400 * branch
            if fy < 2026 and supplier.style not in ("continuous", "calendar"):
                start = 600 + 500 * branch if day.month == 3 else start
            serial = supplier.next_serial(gstin, kind, f"{fy}:{day.month if fy < 2026 else ''}", start)
        place = "07" if to_delhi else "09"
        if supplier.services and not to_delhi and self.rng.random() < 0.25:
            place = gstin[:2]  # hotel or event: place of supply where the service is rendered
        rate = 18
        if amounts is None:
            amounts, rate = self.amounts_for(supplier, gstin, place, kind)
        printed = numbers.format_number(supplier.style, supplier.prefix, supplier.fy_format, supplier.pad,
                                        kind, serial, day, token_year)
        return Bill(supplier, gstin, kind, printed, numbers.reported_copy(printed), day, place, amounts,
                    rate, to_delhi)

    def april_day(self, first: int = 1, last: int = 30) -> date:
        return date(2026, 4, self.rng.randint(first, last))

    # -- documents -----------------------------------------------------------------------------

    def record(self, bill: Bill) -> ImsRecord:
        return ImsRecord(
            section=KIND_SECTION[bill.kind], supplier_gstin=bill.gstin, document_number=bill.reported,
            document_date=bill.day, supplier_return_period=bill.period,
            document_value=bill.amounts.taxable_value + bill.amounts.total_tax, amounts=bill.amounts,
            place_of_supply=bill.place_of_supply, invoice_type="R",
        )

    def document(self, booking: Booking, supplier, company: str | None = None) -> PurchaseDocument:
        amounts = booking.amounts.negated() if booking.kind == "CN" else booking.amounts
        return PurchaseDocument(
            name="", supplier_gstin=booking.gstin, document_type=KIND_TYPE[booking.kind],
            bill_no=booking.bill_no, bill_date=booking.bill_date, amounts=amounts,
            place_of_supply=booking.place_of_supply, company_gstin=company or self.world.ours,
            supplier_name=supplier.name, posting_date=booking.posting_date,
            grand_total=amounts.taxable_value + amounts.total_tax,
        )

    def add(self, case: str, records, documents, pairs, habits) -> bool:
        """Add a case; ``pairs`` are (record, document) of the same document; ``habits`` maps
        id(doc) -> labels. Returns False (and adds nothing) when the truth would be unsafe."""
        trial = dict(self.pairs)
        for record, document in pairs:
            verdict, _ = classify(record, document)
            if verdict not in ("exact", "suggested", "mismatch"):
                self.discarded += 1
                return False
            trial[(id(record), id(document))] = verdict
            trial[id(record)] = verdict
            trial[id(document)] = verdict
        problems = conflicts(self.records + records, self.documents + documents, trial, records, documents)
        if problems:
            self.discarded += 1
            return False
        self.pairs = trial
        self.records.extend(records)
        self.documents.extend(documents)
        for item in (*records, *documents):
            self.habits[id(item)] = list(habits.get(id(item), []))
            self.case_of[id(item)] = case
        return True

    # -- the month -----------------------------------------------------------------------------

    def finish(self, seed: int) -> Month:
        rng = self.rng
        order = sorted(range(len(self.documents)),
                       key=lambda i: (self.documents[i].posting_date, rng.random()))
        named, new_id = [], {}
        for number, index in enumerate(order, start=1):
            old = self.documents[index]
            year = 2025 if old.posting_date < APRIL else 2026
            doc = replace(old, name=f"ACC-PINV-{year}-{number:05d}")
            new_id[id(old)] = doc
            named.append(doc)
        records = list(self.records)
        rng.shuffle(records)
        by_record = {}
        for key, verdict in self.pairs.items():
            if isinstance(key, tuple):
                by_record[key[0]] = (key[1], verdict)
        old_docs = {id(d): d for d in self.documents}
        truth, habits, cases, paired_docs = [], {}, {}, set()
        for index, record in enumerate(records):
            row = {"section": record.section.value, "supplier_gstin": record.supplier_gstin,
                   "document_number": record.document_number, "purchase_invoice": "",
                   "category": "missing_in_pi"}
            if id(record) in by_record:
                doc_id, verdict = by_record[id(record)]
                row.update(purchase_invoice=new_id[doc_id].name, category=verdict)
                paired_docs.add(doc_id)
            truth.append(row)
            habits[("ims", index)] = self.habits[id(record)]
            cases[("ims", index)] = self.case_of[id(record)]
        for doc_id in old_docs:
            doc = new_id[doc_id]
            habits[("pi", doc.name)] = self.habits[doc_id]
            cases[("pi", doc.name)] = self.case_of[doc_id]
            if doc_id not in paired_docs:
                truth.append({"section": "", "supplier_gstin": "", "document_number": "",
                              "purchase_invoice": doc.name, "category": "missing_in_ims"})
        return Month(seed, self.profile, self.world, records, named, truth, habits, cases, self.discarded)


def make_month(seed: int, profile: str = "fy_boundary", size: int = 600) -> Month:
    """A deterministic month of about ``size`` documents (IMS records plus purchase documents)."""
    if profile not in PROFILES:
        raise ValueError(f"profile {profile!r}: one of {', '.join(PROFILES)}")
    builder = Builder(seed, profile)
    names, weights = zip(*traps.WEIGHTS[profile].items())
    attempts = 0
    while len(builder.records) + len(builder.documents) < size:
        attempts += 1
        if attempts > size * 20:
            raise RuntimeError("generator keeps producing unsafe cases")
        case = builder.rng.choices(names, weights=weights)[0]
        traps.CASES[case](builder)
    return builder.finish(seed)

"""Synthetic months for tests, benchmarks, the GSTN sandbox and the demo.

A month is what IMS shows one recipient, what the recipient booked, and the
true pairing, generated with realistic habits and a known truth. Pure Python:
no frappe, and nothing from the reconciliation engine (a generator that
borrowed the engine's rules would only ever agree with it).

API::

    from india_ims.synthetic import generate_month, PROFILES

    month = generate_month(seed=7, n_ims=2_000, profile="messy", period="102026")
    month.ims_records        # list[ImsRecord], shuffled
    month.ims_payload        # GETINV-shaped dict {"b2b": [...], "b2bcn": [...], ...}
    month.purchases          # list[PurchaseDocument], books' sign (returns negative), shuffled
    month.truth              # list[TruthRow]: section, supplier_gstin, document_number,
                             #   purchase_invoice, category (exact / suggested / mismatch /
                             #   missing_in_pi / missing_in_ims), kind (the habit behind it)
    month.recipient_gstin    # "27....", valid check character
    month.period             # "MMYYYY"; by default the current return period (India's today,
                             #   or INDIA_IMS_TODAY): the latest month whose GSTR-2B is out
    month.history            # the originals GSTN holds for the month's amendments (their
                             #   actions, GSTR-2B period and filed GSTR-3B), see history.py
    month.write(directory)   # ims.json, purchases.csv, truth.csv, meta.json like the shared sample

Profiles (``PROFILES``): ``sample`` (shaped like the shared sample month),
``messy`` (prefixes dropped, serials only, transposed digits, branch GSTINs,
cess left out), ``enterprise`` (a few huge suppliers, long numeric series,
near-twins everywhere), ``returns`` (many credit/debit notes and
amendments; returns labelled Invoice with negative amounts), ``combined``
(two habits on one entry: a number rewritten and a date slipped, an amount
wrong in a number written another way...). Supplier sizes
are Zipf-like; the same seed, size and profile always give the same month.

Categories follow ``shared/datasets/README.md``: exact (equal once trimmed
and upper-cased, same date, POS, amounts), suggested (number written
differently, date a few days off, amounts within ₹1 a head), mismatch (an
amount beyond tolerance, tax under other heads, another POS, cess left out,
another GSTIN of the same PAN, another document type, an amendment booked
with its original values), missing_in_pi, missing_in_ims (fresh documents,
near-twin numbers such as '7' vs '17', numbers reused with other amounts
and dates).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ..gst_india.documents import DocumentType, ImsRecord, PurchaseDocument
from ..gst_india.payload.ims import build_getinv
from ..gst_india.periods import ReturnPeriod, current_return_period, india_today
from .files import write_json, write_purchases_csv, write_truth_csv
from .history import HeldOriginal, originals_for
from .month import MonthBuilder, TruthRow
from .profiles import PROFILES, Profile

__all__ = ["GeneratedMonth", "HeldOriginal", "PROFILES", "Profile", "TruthRow", "generate_month",
           "write_purchases_csv", "write_truth_csv"]


@dataclass
class GeneratedMonth:
    recipient_gstin: str
    period: str
    profile: str
    seed: int
    ims_records: list[ImsRecord]
    purchases: list[PurchaseDocument]
    truth: list[TruthRow]
    meta: dict = field(default_factory=dict)
    history: list[HeldOriginal] = field(default_factory=list)

    @property
    def ims_payload(self) -> dict[str, list[dict]]:
        return build_getinv(self.ims_records)

    def write(self, directory: Path | str) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        indent = 1 if len(self.ims_records) < 5000 else None  # big months stay compact
        write_json(self.ims_payload, directory / "ims.json", indent=indent)
        write_purchases_csv(self.purchases, directory / "purchases.csv")
        write_truth_csv(self.truth, directory / "truth.csv")
        write_json(self.meta, directory / "meta.json", indent=1)
        return directory


def generate_month(
    seed: int,
    n_ims: int,
    profile: str | Profile = "sample",
    *,
    period: str | None = None,
    recipient_state: str = "27",
    date_window_days: int = 7,
) -> GeneratedMonth:
    """Generate one month of ``n_ims`` IMS records, the register and the truth.

    ``period`` (MMYYYY) defaults to the current return period on India's today.

    ``date_window_days`` bounds the clerical date slips so that they stay
    "a few days off" for an engine using that window.
    """
    if isinstance(profile, str):
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
        profile = PROFILES[profile]
    if n_ims < 1:
        raise ValueError("n_ims must be at least 1")
    return_period = ReturnPeriod.parse(period) if period else current_return_period(india_today())
    builder = MonthBuilder(seed, n_ims, profile, return_period, recipient_state, date_window_days)
    builder.build()
    return _finish(builder, seed)


def _finish(builder: MonthBuilder, seed: int) -> GeneratedMonth:
    rng = random.Random(seed * 7919 + 1)
    profile = builder.profile
    year = builder.period.year
    drafts = [(index, draft, category, kind) for index, draft, category, kind in builder.pairs]
    extras = builder.extras
    order = list(range(sum(1 for d in drafts if d[1] is not None) + len(extras)))
    rng.shuffle(order)  # names carry no hint of the pairing
    names = iter(f"ACC-PINV-{year}-{n + 1:06d}" for n in order)
    purchases: list[PurchaseDocument] = []
    truth: list[TruthRow] = []
    suppliers = {}
    for supplier, _, _ in builder.origin:
        for gstin in supplier.gstins:
            suppliers[gstin] = supplier.name
    suppliers.update(builder.booked_names)  # the supplier master holds the name with the mistyped GSTIN

    def book(draft) -> PurchaseDocument:
        amounts = draft.amounts
        document_type = draft.document_type
        if document_type == DocumentType.CREDIT_NOTE:
            amounts = amounts.negated()  # ERPNext books a return with negative amounts
            if profile.returns_labelled_invoice and rng.random() < 0.5:
                document_type = DocumentType.INVOICE
        document = PurchaseDocument(
            name=next(names),
            supplier_gstin=draft.supplier_gstin,
            document_type=document_type,
            bill_no=draft.bill_no,
            bill_date=draft.bill_date,
            amounts=amounts,
            place_of_supply=draft.place_of_supply,
            company_gstin=builder.recipient_gstin,
            supplier_name=suppliers.get(draft.supplier_gstin, ""),
            posting_date=(draft.posted_from or draft.bill_date) + timedelta(days=rng.randint(0, 10)),
            grand_total=amounts.taxable_value + amounts.total_tax,
        )
        purchases.append(document)
        return document

    for index, draft, category, kind in drafts:
        record = builder.ims[index]
        name = book(draft).name if draft is not None else ""
        truth.append(TruthRow(record.section.value, record.supplier_gstin, record.document_number, name,
                              category, kind))
    for draft, kind in extras:
        truth.append(TruthRow("", "", "", book(draft).name, "missing_in_ims", kind))
    ims = list(builder.ims)
    rng.shuffle(ims)
    rng.shuffle(purchases)
    counts: dict[str, int] = {}
    for row in truth:
        counts[row.category] = counts.get(row.category, 0) + 1
    meta = {
        "company_gstin": builder.recipient_gstin,
        "return_period": str(builder.period),
        "ims_documents": len(ims),
        "purchase_invoices": len(purchases),
        "profile": profile.name,
        "seed": seed,
        "categories": counts,
    }
    return GeneratedMonth(builder.recipient_gstin, str(builder.period), profile.name, seed, ims, purchases,
                          truth, meta, originals_for(ims, seed))

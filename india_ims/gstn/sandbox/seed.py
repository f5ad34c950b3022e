"""What the sandbox holds at start: a generated month (``india_ims.synthetic``) or the embedded sample."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ...data import SAMPLE_MONTH
from ...gst_india.documents import ImsRecord, PurchaseDocument
from ...gst_india.payload.ims import parse_getinv


@dataclass
class SeedMonth:
    gstin: str
    period: str
    records: list[ImsRecord]
    purchases: list[PurchaseDocument] | None  # None: read the register from a file
    source: str
    history: list = field(default_factory=list)  # synthetic.history.HeldOriginal: originals GSTN holds


def generated(seed: int, records: int, profile: str = "sample", period: str | None = None) -> SeedMonth:
    """A generated month; ``period`` defaults to the current return period (India's today)."""
    from ...synthetic import generate_month

    month = generate_month(seed, records, profile, period=period)
    return SeedMonth(
        month.recipient_gstin,
        month.period,
        month.ims_records,
        month.purchases,
        f"generated month {month.period} (seed {seed}, {records} records, profile {profile}; "
        f"{len(month.history)} originals of its amendments held from {_previous(month.period)})",
        month.history,
    )


def _previous(period: str) -> str:
    from ...gst_india.periods import ReturnPeriod

    return str(ReturnPeriod.parse(period).previous())


def sample() -> SeedMonth:
    with open(SAMPLE_MONTH / "meta.json", encoding="utf-8") as handle:
        meta = json.load(handle)
    with open(SAMPLE_MONTH / "ims.json", encoding="utf-8") as handle:
        records = parse_getinv(json.load(handle))
    return SeedMonth(meta["company_gstin"], meta["return_period"], records, None, "embedded sample month")

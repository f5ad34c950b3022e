"""What the sandbox holds at start: a generated month (``india_ims.synthetic``) or the embedded sample."""

from __future__ import annotations

import json
from dataclasses import dataclass

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


def generated(seed: int, records: int, profile: str = "sample", period: str = "102025") -> SeedMonth:
    from ...synthetic import generate_month

    month = generate_month(seed, records, profile, period=period)
    return SeedMonth(
        month.recipient_gstin,
        month.period,
        month.ims_records,
        month.purchases,
        f"generated month (seed {seed}, {records} records, profile {profile})",
    )


def sample() -> SeedMonth:
    with open(SAMPLE_MONTH / "meta.json", encoding="utf-8") as handle:
        meta = json.load(handle)
    with open(SAMPLE_MONTH / "ims.json", encoding="utf-8") as handle:
        records = parse_getinv(json.load(handle))
    return SeedMonth(meta["company_gstin"], meta["return_period"], records, None, "embedded sample month")

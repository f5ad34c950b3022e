"""Run the engine over eighth-generator months and list where it disagrees with the truth.

    python -m tests.matching_eighth.run_months SEED [SEED ...] --size N [--profiles P ...] [--quiet]

Per month one line with precision, recall and status agreement; then (unless --quiet) every
disagreement with both documents and their habits; at the end the disagreement kinds counted, also
per profile. The month is read into the sixth generator's shape, so its report is the sixth's.
"""

from __future__ import annotations

from ..matching_sixth.month import Month as SixthMonth
from ..matching_sixth.run_months import main as report
from ..matching_sixth.run_months import run_month as sixth_run_month
from .month import Month, make_month
from .world import PROFILES

__all__ = ["as_sixth", "main", "run_month"]


def as_sixth(month: Month, seed: int = 0) -> SixthMonth:
    """The same documents and truth, with each document's habit tags beside it."""
    ims_tags, book_tags = month.tags_by_ims(), month.tags_by_book()
    ims_habits = [list(ims_tags[(r.section.value, r.supplier_gstin, r.document_number)]) for r in month.ims]
    return SixthMonth(seed, month.profile, month.recipient, month.ims, month.purchases, month.truth,
                      ims_habits, [list(book_tags[p.name]) for p in month.purchases])


def run_month(month: Month):
    return sixth_run_month(as_sixth(month))


def main(argv: list[str] | None = None) -> int:
    return report(argv, lambda seed, profile, size: as_sixth(make_month(seed, size, profile), seed),
                  PROFILES, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())

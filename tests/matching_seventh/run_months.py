"""Run the engine over seventh-generator months and list where it disagrees with the truth.

    python -m tests.matching_seventh.run_months SEED [SEED ...] --size N [--profiles P ...] [--quiet]

Per month one line with precision, recall and status agreement; then (unless --quiet) every
disagreement with both documents and their habits; at the end the disagreement kinds counted, also
per profile. A month here has the sixth generator's shape, so its report is the sixth's.
"""

from __future__ import annotations

from ..matching_sixth.run_months import main as report
from ..matching_sixth.run_months import run_month
from .month import PROFILES, make_month

__all__ = ["main", "run_month"]


def main(argv: list[str] | None = None) -> int:
    return report(argv, lambda seed, profile, size: make_month(seed, size, profile), PROFILES, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())

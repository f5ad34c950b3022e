"""The sixth generator's report (``matching_sixth.run_months``) over eleventh-generator months:

    python -m tests.matching_eleventh.run_months SEED [SEED ...] --size N [--profiles P ...] [--quiet]
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

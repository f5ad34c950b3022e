"""``--period MMYYYY`` and ``--today YYYY-MM-DD`` for the commands that run a sandbox.

By default the sandbox lives on India's real date and in the current return
period (the latest month whose GSTR-2B is out), so whoever follows the README
on any day gets a month they can act on.
"""

from __future__ import annotations

from datetime import date

from ..gst_india.errors import GstError
from ..gst_india.periods import ReturnPeriod, current_return_period, india_today, parse_day


def add_calendar_options(parser) -> None:
    parser.add_argument(
        "--period", help="return period MMYYYY to generate (default: the current one, whose GSTR-2B is out)"
    )
    parser.add_argument(
        "--today", help="the sandbox's date YYYY-MM-DD (default: today in India, or INDIA_IMS_TODAY)"
    )


def resolve_calendar(args, *, need_gstr2b: bool) -> tuple[str, date]:
    """(period, today) from the options; ``need_gstr2b`` refuses a period whose 2B is not out yet."""
    today = parse_day(args.today, "--today") if getattr(args, "today", None) else india_today()
    if getattr(args, "period", None):
        try:
            period = ReturnPeriod.parse(args.period)
        except GstError as error:
            raise GstError(f"--period: {error}") from None
    else:
        period = current_return_period(today)
    if period.first_day > today:
        raise GstError(f"--period {period} has not begun on {today:%d-%m-%Y}")
    out_on = period.gstr2b_generation_date()
    if need_gstr2b and out_on > today:
        raise GstError(
            f"--period {period}: its GSTR-2B comes out on {out_on:%d-%m-%Y}, after {today:%d-%m-%Y}; "
            f"use --period {current_return_period(today)} or a later --today"
        )
    return str(period), today

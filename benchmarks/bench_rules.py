"""Bench figure for the IMS rules engine and the GSTR-2B / Table 4 computations (pure core).

Builds a synthetic month (``india_ims.synthetic``), gives every record a
state with a mix of actions, then times:

- ``check_bulk`` of Accept over every record (each rule of ``rules.RULES``);
- ``check_action`` of Pending per record (the pending derivation);
- ``compute_gstr2b`` + ``compute_table4`` of the month;
- ``itc_at_stake`` over every record.

Prints records, seconds and records per second for each, and the ratio to
a baseline of 90 s for 1,00,000 records (the sync bar of the app).

    python benchmarks/bench_rules.py --records 100000
"""

import argparse
import sys
import time
from dataclasses import replace

from india_ims.gst_india.documents import Action, MatchStatus
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.returns import compute_gstr2b, compute_table4, itc_at_stake
from india_ims.gst_india.rules import RecordState, RuleContext, check_action, check_bulk
from india_ims.synthetic import generate_month

_ACTIONS = (Action.NO_ACTION, Action.ACCEPT, Action.ACCEPT, Action.REJECT, Action.PENDING)


def _timed(label: str, records: int, work):
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    # Below a millisecond a rate says nothing (Table 4 reads the 2B's totals, not its records).
    rate = f"{records / seconds:>12,.0f} records/s" if seconds >= 1e-3 else f"{'-':>12} records/s"
    print(f"{label:<34} {records:>9,} records {seconds:8.3f} s {rate}")
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--profile", default="returns")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    month = generate_month(seed=args.seed, n_ims=args.records, profile=args.profile)
    period = ReturnPeriod.parse(month.period)
    context = RuleContext(
        today=period.next().first_day.replace(day=20),
        filed_3b_periods=frozenset({str(period.previous())}),
    )
    states = [
        RecordState(
            replace(record, action=_ACTIONS[n % len(_ACTIONS)]),
            match_status=MatchStatus.MISSING_IN_PI if n % 17 == 0 else MatchStatus.EXACT,
        )
        for n, record in enumerate(month.ims_records)
    ]
    count = len(states)
    print(f"profile {args.profile}, seed {args.seed}, period {month.period}, {count:,} IMS records")
    total = time.perf_counter()
    bulk = _timed("check_bulk(Accept, valid_only)", count,
                  lambda: check_bulk(states, Action.ACCEPT, context, mode="valid_only"))
    _timed("check_action(Pending) each", count,
           lambda: [check_action(s, Action.PENDING, context) for s in states])
    gstr2b = _timed("compute_gstr2b", count, lambda: compute_gstr2b(states, period, context))
    _timed("compute_table4", len(gstr2b.entries), lambda: compute_table4(gstr2b))
    _timed("itc_at_stake", count, lambda: itc_at_stake(states, context))
    elapsed = time.perf_counter() - total
    print(f"refused in bulk: {bulk.refusal_counts()}")
    print(f"2B entries {len(gstr2b.entries):,}, excluded {len(gstr2b.excluded):,}")
    print(f"total {elapsed:.2f} s; ratio to the 90 s baseline for 1,00,000 records: "
          f"{elapsed / (90 * count / 100_000):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

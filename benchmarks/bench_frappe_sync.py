"""Bench figure for the Frappe layer: N IMS records downloaded from the sandbox, upserted, reconciled.

This needs a Frappe bench with india_ims installed; the work itself is in
``india_ims.ims.benchmark`` (importable by ``bench execute``). Run either

    bench --site ims.localhost execute india_ims.ims.benchmark.run --kwargs "{'records': 100000}"

or this script from the bench directory, which does the same:

    python /path/to/benchmarks/bench_frappe_sync.py --bench /work/bench --site ims.localhost --records 100000

It prints the records, seconds per phase (download, upsert, reconcile), the
end-to-end total against the 15 s bar, and the writes and time of a second download
of the same data (0 writes expected, 5 s bar).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bench",
        default=os.environ.get("IMS_BENCH", "."),
        help="bench directory (with sites/ and env/); default $IMS_BENCH or .",
    )
    parser.add_argument("--site", default="ims.localhost")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--profile", default="enterprise")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--queued", action="store_true", help="make the sandbox queue large sections (FILEDET)"
    )
    # ``./run bench`` passes its arguments to every benchmark: ignore the ones meant for others.
    args, _ = parser.parse_known_args(argv)
    bench = Path(args.bench).resolve()
    if not (bench / "sites").is_dir():
        # Outside a bench (CI, ./run bench on a laptop) there is nothing to measure: say so, not fail.
        print(
            f"bench_frappe_sync: skipped, {bench} is not a Frappe bench (pass --bench DIR or set IMS_BENCH)"
        )
        return 0
    kwargs = {"records": args.records, "profile": args.profile, "seed": args.seed, "queued": args.queued}
    command = [
        "bench",
        "--site",
        args.site,
        "execute",
        "india_ims.ims.benchmark.run",
        "--kwargs",
        repr(kwargs),
    ]
    return subprocess.call(command, cwd=bench)


if __name__ == "__main__":
    sys.exit(main())

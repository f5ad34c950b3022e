"""A download's GETINV loop against a portal that takes its time: each answer read while GSTN
prepares the next (``download_read._download_sections``), against reading each where it arrives.

GSTN's wait is a sleep here (no CPU, as a network wait), so the figure is what overlapping saves on
the real portal; the local sandbox, which builds its answers on the bench's own cores, shows none.
Needs frappe importable (the bench's Python; no site):

    ../env/bin/python ../apps/india_ims/benchmarks/bench_download_overlap.py --records 100000 --latency 0.5

Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds GSTN takes per GETINV")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        from india_ims.ims import download_read, gstn_link, payload_seen
    except ImportError as error:  # CI: frappe is not on the package registries
        print(f"bench_download_overlap: skipped, it needs frappe importable ({error})")
        return
    from india_ims.gst_india.documents import Section
    from india_ims.gst_india.payload.ims import build_getinv
    from india_ims.gst_india.payload.section_answer import SectionAnswer
    from india_ims.synthetic import generate_month

    payload = build_getinv(generate_month(7, args.records, "enterprise").ims_records)
    sections = [section for section in Section if section.value in payload]

    class SlowPortal:
        def read_section(self, section):
            time.sleep(args.latency)
            return SectionAnswer.of_payload({section.value: payload[section.value]}, [section], lambda e: e)

    portal = SlowPortal()

    def inline() -> int:
        records = 0
        for section in sections:
            records += len(gstn_link.read_section(portal, section))
        return records

    def overlapped() -> int:
        reading = payload_seen.Reading({}, None)
        download_read._download_sections(portal, sections, reading, "", [], None, None)
        return len(reading.records())

    timings = {"read where it arrives": [], "read while GSTN sends the next": []}
    for _ in range(args.repeat):
        for label, run in zip(timings, (inline, overlapped), strict=True):
            started = time.perf_counter()
            count = run()
            timings[label].append(time.perf_counter() - started)
    waited = len(sections) * args.latency
    print(f"{count} records in {len(sections)} sections, GSTN {args.latency} s each "
          f"({waited:.1f} s of waiting)")
    baseline = statistics.median(timings["read where it arrives"])
    for label, seconds in timings.items():
        median = statistics.median(seconds)
        print(f"  {label}: median {median:.2f} s of {args.repeat}, ratio to reading where it arrives "
              f"{median / baseline:.2f}")


if __name__ == "__main__":
    main()

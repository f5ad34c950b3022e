"""Benchmarks that measure a served site skip, with a word, when run with no site: `./run bench` runs
every script with no arguments, and one stopping would keep the ones after it from running."""

from __future__ import annotations


def skipped(script: str, args, *options: str) -> bool:
    """True (and says so) when any of ``options`` (argparse destinations) was not given."""
    missing = [f"--{option.replace('_', '-')}" for option in options if not getattr(args, option)]
    if missing:
        print(f"{script}: skipped, it needs a site with a month in it (pass {', '.join(missing)})")
    return bool(missing)

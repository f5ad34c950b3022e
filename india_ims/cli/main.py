"""``india-ims``: the app's console command.

Each subcommand lives in its own module under ``india_ims.cli`` and exposes
``register(subparsers)``; the module's ``run(args)`` does the work.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from ..gst_india.errors import GstError

# Subcommand modules, in the order ``--help`` lists them.
COMMANDS = ("summary", "reconcile", "score", "sandbox", "demo")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="india-ims",
        description="GST Invoice Management System tools: summarise, reconcile, sandbox, demo.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"india_ims.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except GstError as error:
        print(f"india-ims {args.command}: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a file that cannot be opened or written: its name and the reason
        print(f"india-ims {args.command}: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""The README's rules checklist names modules and tests that exist: a renamed test or module breaks
this test, not the table's word."""

from __future__ import annotations

import re
from fnmatch import fnmatch

from tests.conftest import REPO

CORE = REPO / "india_ims" / "gst_india"


def _checklist_rows() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Rules the app enforces", 1)[1].split("\n## ", 1)[0]
    table = section.split("| rule | source | module | test |", 1)[1].split("\n\n", 1)[0]
    return [row.strip("|").split(" | ") for row in table.strip().splitlines()[1:]]


def test_the_checklist_covers_the_rules_of_the_brief():
    rows = _checklist_rows()
    assert len(rows) >= 20 and all(len(row) == 4 for row in rows)
    rules = " ".join(row[0] for row in rows)
    for topic in ("Pending", "Oct 2025", "16(4)", "QRMP", "14th", "20th", "3B", "amendment", "credit note",
                  "RCM", "deemed accepted", "edit before filing", "recompute"):
        assert topic in rules, topic


def test_every_module_and_test_the_checklist_names_exists():
    names = re.compile(r"`([^`]+)`")
    for rule, _, modules, tests in _checklist_rows():
        for reference in names.findall(modules):
            path = reference.split("::")[0]
            assert (CORE / path).is_file(), (rule, reference)
            if "::" in reference:
                function = reference.split("::")[1]
                assert f"def {function}(" in (CORE / path).read_text(encoding="utf-8"), (rule, reference)
        for reference in names.findall(tests):
            path, _, pattern = reference.partition("::")
            file = REPO / "tests" / path
            assert file.is_file() or file.is_dir(), (rule, reference)
            if pattern:
                defined = re.findall(r"^def (test_\w+)\(", file.read_text(encoding="utf-8"), re.MULTILINE)
                assert any(fnmatch(name, pattern) for name in defined), (rule, reference)

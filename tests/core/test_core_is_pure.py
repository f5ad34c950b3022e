"""The pure core must never import frappe or erpnext (architecture rule)."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "india_ims" / "gst_india"
PURE_PACKAGES = [CORE, CORE.parent / "gstn", CORE.parent / "cli"]
FORBIDDEN = {"frappe", "erpnext", "india_compliance"}


def _imported_roots(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield str(node.args[0].value).split(".")[0], node.lineno


def test_core_gstn_and_cli_import_no_frappe():
    offenders = []
    for package in PURE_PACKAGES:
        for path in package.rglob("*.py"):
            offenders += [f"{path}:{line} imports {root}"
                          for root, line in _imported_roots(path) if root in FORBIDDEN]
    assert not offenders, "\n".join(offenders)


def test_the_check_itself_catches_an_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom frappe.utils import now\n")
    assert ("frappe", 2) in list(_imported_roots(bad))

"""Frappe 15 and 16 from one branch: the version rules in ``india_ims.compat`` (no frappe needed) and
static guards that keep the app off the calls that differ between the two."""

import ast
import json
import re
from pathlib import Path

import pytest

from india_ims import compat

APP = Path(__file__).resolve().parents[2] / "india_ims"
PAGE_DIR = APP / "gst_ims" / "page" / "ims_tool"
LIST_CALLS = {"get_all", "get_list"}
# Paging arguments Frappe 16 marks deprecated (``limit=`` works on both).
DEPRECATED_PAGING = {"limit_page_length", "limit_start", "page_length", "start"}
SQL_FUNCTION = re.compile(r"^\s*\w+\s*\(")
FRAMEWORK_TEST_CLASS = re.compile(r"\b(FrappeTestCase|IntegrationTestCase|UnitTestCase)\b")


def _app_python():
    return sorted(p for p in APP.rglob("*.py") if p.name != "compat.py")


def _list_calls(path: Path):
    """frappe.get_all/get_list calls; not frappe.client.get_list, the REST method, whose own
    parameter is still limit_page_length on 15 and 16."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") in LIST_CALLS
            and getattr(node.func.value, "attr", "") != "client"
        ):
            yield node


@pytest.mark.parametrize(
    ("version", "expected"),
    [("15.101.1", 15), ("16.9.0", 16), ("v16.0.0-dev", 16), ("17.0.0-beta.1", 17), ("15.x.x-develop", 15)],
)
def test_major_reads_frappe_version_strings(version, expected):
    assert compat.major(version) == expected


@pytest.mark.parametrize("version", ["", "develop", "sixteen.1"])
def test_major_refuses_what_is_not_a_version(version):
    with pytest.raises(ValueError, match="not a Frappe version"):
        compat.major(version)


def test_desk_is_at_app_on_v15_and_at_desk_from_v16():
    assert compat.desk_prefix(15) == "/app"
    assert compat.desk_prefix(16) == "/desk"
    assert compat.desk_prefix(17) == "/desk"


def test_desk_path_slugs_the_route_and_quotes_the_name():
    assert compat.desk_path("ims-tool", version_major=15) == "/app/ims-tool"
    assert compat.desk_path("IMS Tool", version_major=16) == "/desk/ims-tool"
    assert compat.desk_path("Purchase Invoice", "ACC-PINV-2026-00001", 16) == (
        "/desk/purchase-invoice/ACC-PINV-2026-00001"
    )
    assert compat.desk_path("Purchase Invoice", "GST/25-26/1 A&B", 15) == (
        "/app/purchase-invoice/GST%2F25-26%2F1%20A%26B"
    )


def test_list_page_names_the_offset_as_each_version_does():
    assert compat.list_page(50, version_major=15) == {"limit": 50}
    assert compat.list_page(50, 0, 16) == {"limit": 50}
    assert compat.list_page(50, 100, 15) == {"limit": 50, "limit_start": 100}
    assert compat.list_page(50, 100, 16) == {"limit": 50, "offset": 100}


def test_aggregate_is_a_string_on_v15_and_a_dict_on_v16():
    assert compat.aggregate("count", "*", "documents", 15) == "count(*) as documents"
    assert compat.aggregate("SUM", "igst", "tax_igst", 15) == "sum(igst) as tax_igst"
    assert compat.aggregate("count", "*", "documents", 16) == {"COUNT": "*", "as": "documents"}
    assert compat.aggregate("max", "recipient_name", "recipient_name", 16) == {
        "MAX": "recipient_name",
        "as": "recipient_name",
    }


def test_compat_imports_no_frappe_at_module_level():
    tree = ast.parse((APP / "compat.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    roots = {(n.module if isinstance(n, ast.ImportFrom) else n.names[0].name).split(".")[0] for n in top}
    assert "frappe" not in roots


def test_list_queries_page_with_limit_only():
    offenders = [
        f"{path.relative_to(APP.parent)}:{call.lineno} {kw.arg}="
        for path in _app_python()
        for call in _list_calls(path)
        for kw in call.keywords
        if kw.arg in DEPRECATED_PAGING
    ]
    assert not offenders, "Frappe 16 deprecates these; write limit=:\n" + "\n".join(offenders)


def test_list_query_fields_hold_no_sql_functions():
    offenders = []
    for path in _app_python():
        for call in _list_calls(path):
            for kw in call.keywords:
                if kw.arg != "fields" or not isinstance(kw.value, ast.List | ast.Tuple):
                    continue
                offenders += [
                    f"{path.relative_to(APP.parent)}:{call.lineno} {item.value!r}"
                    for item in kw.value.elts
                    if isinstance(item, ast.Constant)
                    and isinstance(item.value, str)
                    and SQL_FUNCTION.match(item.value)
                ]
    assert not offenders, "Frappe 16 refuses SQL functions as field strings:\n" + "\n".join(offenders)


def test_the_static_checks_catch_what_they_look_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'frappe.get_all("X", fields=["count(*) as n", "name"], limit_page_length=5)\n'
        'frappe.get_list("X", fields=["sum(grand_total)"], limit=5)\n'
        'frappe.client.get_list("X", limit_page_length=5)\n'
    )
    calls = list(_list_calls(bad))
    assert len(calls) == 2
    assert [kw.arg for kw in calls[0].keywords if kw.arg in DEPRECATED_PAGING] == ["limit_page_length"]
    strings = [e.value for c in calls for kw in c.keywords if kw.arg == "fields" for e in kw.value.elts]
    assert [s for s in strings if SQL_FUNCTION.match(s)] == ["count(*) as n", "sum(grand_total)"]


def test_only_compat_names_the_framework_test_classes():
    offenders = [
        str(path.relative_to(APP.parent))
        for path in _app_python()
        if path.name != "test_ims_compat.py" and FRAMEWORK_TEST_CLASS.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "use compat.test_case_class():\n" + "\n".join(offenders)


def test_pages_link_into_the_desk_through_the_router():
    """Hard-coded /app/ links make a v16 Desk reload the whole page through a redirect."""
    hard_coded = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((APP / "gst_ims" / "page").rglob("*.js"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"""["'`]/(app|desk)(/|["'`])""", line)
    ]
    assert not hard_coded, "use frappe.router.make_url or get_form_link:\n" + "\n".join(hard_coded)
    views = (PAGE_DIR / "ims_tool_views.js").read_text(encoding="utf-8")
    assert "function ims_desk_url(" in views and "frappe.router.make_url(" in views


def _admits(spec: str, version: str) -> bool:
    """A ">=a,<b" range (the form bench reads) against a version, compared as integer tuples."""
    as_tuple = lambda text: tuple(int(part) for part in text.split("."))  # noqa: E731
    checks = {">=": lambda v, bound: v >= bound, "<": lambda v, bound: v < bound}
    clauses = [re.match(r"(>=|<)\s*([\d.]+)$", clause.strip()).groups() for clause in spec.split(",")]
    return all(checks[op](as_tuple(version), as_tuple(bound)) for op, bound in clauses)


def test_bench_is_told_the_app_runs_on_frappe_and_erpnext_15_and_16():
    # Read with a regex, not tomllib: the pure suite also runs on Python 3.10.
    pyproject = (APP.parent / "pyproject.toml").read_text(encoding="utf-8")
    table = re.search(r"^\[tool\.bench\.frappe-dependencies\]\n((?:\w+ = \"[^\"]*\"\n)+)", pyproject, re.M)
    needs = dict(re.findall(r'^(\w+) = "([^"]*)"', table.group(1), re.M))
    assert set(needs) == {"frappe", "erpnext"}
    for spec in needs.values():
        assert [_admits(spec, v) for v in ("14.99.0", "15.0.0", "15.101.1", "16.9.1", "17.0.0")] == [
            False, True, True, True, False,
        ]


def test_python_floor_admits_frappe_15_and_16_pythons():
    setup = (APP.parent / "setup.py").read_text(encoding="utf-8")
    floor = re.search(r'python_requires=">=(3\.\d+)"', setup).group(1)
    assert _admits(f">={floor}", "3.10.0") and _admits(f">={floor}", "3.14.0")


def _scrubbed(name: str) -> str:
    return name.lower().replace(" ", "_").replace("-", "_")


def test_v16_desktop_icon_and_sidebar_point_at_what_the_app_ships():
    """Frappe 16 reads india_ims/desktop_icon and india_ims/workspace_sidebar; 15 ignores both folders."""
    icon = json.loads((APP / "desktop_icon" / "ims.json").read_text(encoding="utf-8"))
    sidebar = json.loads((APP / "workspace_sidebar" / "ims.json").read_text(encoding="utf-8"))
    workspace = json.loads((APP / "gst_ims" / "workspace" / "ims" / "ims.json").read_text(encoding="utf-8"))
    assert (icon["doctype"], icon["link_type"]) == ("Desktop Icon", "Workspace Sidebar")
    assert icon["link_to"] == sidebar["name"] == "IMS"
    assert icon["app"] == sidebar["app"] == "india_ims" and icon["standard"] == sidebar["standard"] == 1
    # The same roles and place as the workspace on v15, where its parent page is Accounting.
    assert {r["role"] for r in icon["roles"]} == {r["role"] for r in workspace["roles"]}
    assert icon["parent_icon"] == workspace["parent_page"] == "Accounting"
    icons = APP / "public" / "icons" / "desktop_icons"
    for variant in ("solid", "subtle"):
        assert (icons / variant / f"{_scrubbed(icon['label'])}.svg").is_file()
    targets = {(item["link_type"], item["link_to"]) for item in sidebar["items"]}
    assert ("Workspace", workspace["name"]) in targets and ("Page", "ims-tool") in targets
    folders = {"DocType": "doctype", "Report": "report", "Page": "page"}
    for link_type, link_to in targets - {("Workspace", workspace["name"])}:
        folder = APP / "gst_ims" / folders[link_type] / _scrubbed(link_to)
        assert (folder / f"{_scrubbed(link_to)}.json").is_file(), link_to
    shortcuts = {s["link_to"] for s in workspace["shortcuts"]} | {
        link["link_to"] for link in workspace["links"] if link.get("link_to")
    }
    assert shortcuts <= {link_to for _, link_to in targets}, "the sidebar leaves out a workspace link"

"""Static checks of the Frappe layer's contracts (parsed with ast; no frappe needed).

- every whitelisted function is fully type-annotated, in a module without
  postponed annotations (Frappe skips validating string annotations), and
  calls a permission helper before anything else;
- only the jobs module enqueues, always on the "long" queue with a job id.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "india_ims"
PERMISSION_HELPERS = {
    "check_gstin",
    "check_company",
    "check_records",
    "check_sync_log",
    "require_user",
    "require_manager",
    "require_role",
}
JOBS_MODULE = APP / "ims" / "jobs.py"


def _modules():
    return sorted(p for p in APP.rglob("*.py") if "frappe" in p.read_text(encoding="utf-8"))


def _is_whitelist(decorator) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "whitelist"


def _whitelisted():
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(_is_whitelist(d) for d in node.decorator_list):
                yield path, tree, node


WHITELISTED = list(_whitelisted())


def test_there_are_whitelisted_methods():
    names = {node.name for _, _, node in WHITELISTED}
    for expected in (
        "set_action",
        "get_documents",
        "get_match_summary",
        "get_action_summary",
        "link_purchase_invoice",
        "unlink_purchase_invoice",
        "create_purchase_invoice",
        "start_download",
        "start_reconcile",
        "start_upload",
        "start_regenerate",
    ):
        assert expected in names


@pytest.mark.parametrize("item", WHITELISTED, ids=lambda i: f"{i[0].stem}.{i[2].name}")
def test_whitelisted_is_annotated(item):
    path, tree, node = item
    args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
    missing = [a.arg for a in args if a.annotation is None]
    assert not missing, f"{path.name}:{node.name} has unannotated parameters {missing}"
    assert node.returns is not None, f"{path.name}:{node.name} has no return annotation"
    future = [
        n
        for n in tree.body
        if isinstance(n, ast.ImportFrom)
        and n.module == "__future__"
        and any(a.name == "annotations" for a in n.names)
    ]
    assert not future, f"{path.name}: postponed annotations turn off Frappe's argument type checks"


def _called_names(statement) -> set[str]:
    names = set()
    for node in ast.walk(statement):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _checks_permission_first(node: ast.FunctionDef, helpers: dict[str, ast.FunctionDef]) -> bool:
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    for statement in body[:2]:
        called = _called_names(statement)
        if called & PERMISSION_HELPERS:
            return True
        # a local helper that itself checks first (e.g. _record -> check_records)
        if any(name in helpers and _checks_permission_first(helpers[name], {}) for name in called):
            return True
    return False


@pytest.mark.parametrize("item", WHITELISTED, ids=lambda i: f"{i[0].stem}.{i[2].name}")
def test_whitelisted_checks_permission_first(item):
    path, tree, node = item
    helpers = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert _checks_permission_first(node, helpers), (
        f"{path.name}:{node.name} must start with one of {sorted(PERMISSION_HELPERS)}"
    )


def _enqueue_calls(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("enqueue", "enqueue_doc"):
                yield node


def test_only_the_jobs_module_enqueues():
    offenders = [
        f"{p.relative_to(APP)}:{c.lineno}" for p in _modules() if p != JOBS_MODULE for c in _enqueue_calls(p)
    ]
    assert not offenders, f"enqueue outside india_ims/ims/jobs.py: {offenders}"


def test_jobs_enqueue_on_long_with_a_job_id():
    tree = ast.parse(JOBS_MODULE.read_text(encoding="utf-8"))
    constants = {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    calls = list(_enqueue_calls(JOBS_MODULE))
    assert calls, "the jobs module enqueues nothing"
    for call in calls:
        keywords = {k.arg: k.value for k in call.keywords}
        queue = keywords.get("queue")
        value = queue.value if isinstance(queue, ast.Constant) else constants.get(getattr(queue, "id", ""))
        assert value == "long", f"jobs.py:{call.lineno} does not use queue='long'"
        assert "job_id" in keywords, f"jobs.py:{call.lineno} has no job_id"
        dedup = keywords.get("deduplicate")
        assert isinstance(dedup, ast.Constant) and dedup.value is True, (
            f"jobs.py:{call.lineno} not deduplicated"
        )


def test_the_checks_catch_violations(tmp_path):
    bad = ast.parse(
        "import frappe\n@frappe.whitelist()\ndef f(a, b: int = 1):\n    return frappe.get_all('X')\n"
    ).body[1]
    assert [a.arg for a in bad.args.args if a.annotation is None] == ["a"]
    assert not _checks_permission_first(bad, {})

"""Static checks of the Frappe app that run without Frappe.

Every DocType JSON parses, its fieldnames are unique and well formed, it
belongs to the app's one module, its controller exists, and every dotted path
hooks.py names resolves to a module (and attribute) in the app.
"""

import ast
import json
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "india_ims"
MODULE = (APP / "modules.txt").read_text().strip()
MODULE_DIR = APP / MODULE.lower().replace(" ", "_")
DOCTYPE_JSONS = sorted(MODULE_DIR.glob("doctype/*/*.json"))
FIELDNAME = re.compile(r"^[a-z][a-z0-9_]{0,60}$")
NO_VALUE_TYPES = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading",
                  "Fold", "Image"}
RESERVED = {"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx",
            "parent", "parentfield", "parenttype", "doctype"}


def _scrub(name: str) -> str:
    return name.lower().replace(" ", "_").replace("-", "_")


def test_one_module_not_india_compliance():
    assert MODULE == "GST IMS"
    assert MODULE != "GST India"
    assert (MODULE_DIR / "__init__.py").exists()


def test_there_are_doctypes():
    assert DOCTYPE_JSONS, "no DocType JSON found"


@pytest.mark.parametrize("path", DOCTYPE_JSONS, ids=lambda p: p.parent.name)
def test_doctype_json_is_well_formed(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["doctype"] == "DocType"
    name = doc["name"]
    assert name.startswith("IMS "), f"{name}: DocType names are prefixed 'IMS '"
    assert path.parent.name == _scrub(name) == path.stem
    assert doc["module"] == MODULE
    names = [f["fieldname"] for f in doc["fields"]]
    assert len(names) == len(set(names)), f"{name}: duplicate fieldnames"
    for field in doc["fields"]:
        assert FIELDNAME.match(field["fieldname"]), f"{name}: bad fieldname {field['fieldname']!r}"
        assert field["fieldname"] not in RESERVED, f"{name}: reserved fieldname {field['fieldname']}"
        if field["fieldtype"] in ("Link", "Table", "Table MultiSelect", "Select", "Dynamic Link"):
            assert field.get("options"), f"{name}.{field['fieldname']}: needs options"
    if "field_order" in doc:
        assert doc["field_order"] == names, f"{name}: field_order out of step with fields"
    controller = path.with_suffix(".py")
    assert controller.exists(), f"{name}: controller {controller.name} missing"
    class_name = name.replace(" ", "").replace("-", "")
    assert f"class {class_name}(" in controller.read_text(), f"{name}: class {class_name} missing"
    assert (path.parent / "__init__.py").exists()
    if not doc.get("istable"):
        assert doc.get("permissions"), f"{name}: no permissions"


def test_child_tables_point_to_existing_doctypes():
    names = {json.loads(p.read_text())["name"] for p in DOCTYPE_JSONS}
    for path in DOCTYPE_JSONS:
        doc = json.loads(path.read_text())
        for field in doc["fields"]:
            if field["fieldtype"] in ("Table", "Table MultiSelect"):
                assert field["options"] in names, f"{doc['name']}.{field['fieldname']}"


def _dotted_paths(node):
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Constant)
            and isinstance(child.value, str)
            and re.fullmatch(r"india_ims(\.[A-Za-z_][A-Za-z0-9_]*)+", child.value)
        ):
            yield child.value


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")[1:]
    base = APP
    for index in range(len(parts), 0, -1):
        module = base.joinpath(*parts[:index])
        file = module.with_suffix(".py")
        package = module / "__init__.py"
        source = file if file.exists() else package if package.exists() else None
        if source is None:
            continue
        rest = parts[index:]
        if not rest:
            return True
        if len(rest) != 1:
            return False
        tree = ast.parse(source.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef,
                                                                ast.AsyncFunctionDef))}
        defined |= {t.id for n in tree.body if isinstance(n, ast.Assign)
                    for t in n.targets if isinstance(t, ast.Name)}
        defined |= {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom)
                    for a in n.names}
        return rest[0] in defined
    return False


def test_every_path_in_hooks_exists():
    tree = ast.parse((APP / "hooks.py").read_text(encoding="utf-8"))
    missing = [p for p in _dotted_paths(tree) if not _resolves(p)]
    assert not missing, f"hooks.py names what does not exist: {missing}"


def test_hooks_require_erpnext():
    tree = ast.parse((APP / "hooks.py").read_text(encoding="utf-8"))
    values = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign)
              for t in n.targets if isinstance(t, ast.Name)}
    assert ast.literal_eval(values["required_apps"]) == ["erpnext"]
    assert ast.literal_eval(values["app_name"]) == "india_ims"


def test_patches_txt_names_existing_patches():
    for line in (APP / "patches.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "[")):
            assert _resolves(line.split()[0]), f"patches.txt: {line} does not exist"


def test_resolver_detects_missing_paths():
    assert _resolves("india_ims.gst_india.gstin.validate_gstin")
    assert not _resolves("india_ims.gst_india.gstin.no_such_function")
    assert not _resolves("india_ims.no_such_module.thing")

"""Static checks of the IMS Tool page (no frappe needed): the Page JSON, the include directives Frappe's
page loader inlines, and every server method the JS calls exists as a whitelisted function."""

import ast
import json
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "india_ims"
PAGE_DIR = APP / "gst_ims" / "page" / "ims_tool"
PAGE_JSON = PAGE_DIR / "ims_tool.json"
MAIN_JS = PAGE_DIR / "ims_tool.js"
RECONCILE_JSON = APP / "gst_ims" / "page" / "ims_reconcile" / "ims_reconcile.json"
INCLUDE = re.compile(r"""\{% include\s['"](.*)['"]\s%\}""")
# "india_ims.ims.api." + "get_documents": the JS names the module once in a constant.
CONSTANT = re.compile(r"""const\s+(\w+)\s*=\s*["']([\w.]+\.)["']""")
CALL = re.compile(r"""\b(IMS_\w*API)\s*\+\s*["'](\w+)["']""")
JOB_METHOD = re.compile(r"""method:\s*["'](\w+)["']""")
LITERAL_CALL = re.compile(r"""frappe\.(?:call|xcall)\(\s*(?:\{\s*method:\s*)?["']([\w.]+)["']""")


def _js_files():
    return sorted(PAGE_DIR.glob("*.js"))


def _whitelisted(module_path: str) -> set[str]:
    path = APP.parent / (module_path.rstrip(".").replace(".", "/") + ".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr == "whitelist":
                    names.add(node.name)
    return names


def _called_methods() -> list[tuple[str, str]]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in _js_files())
    constants = dict(CONSTANT.findall(text))
    calls = [(constants[const], name) for const, name in CALL.findall(text)]
    # the jobs table names api.py's start_* methods
    calls += [(constants["IMS_API"], name) for name in JOB_METHOD.findall(text)]
    for dotted in LITERAL_CALL.findall(text):
        module, _, name = dotted.rpartition(".")
        calls.append((module + ".", name))
    return calls


def test_page_json_is_a_standard_page_of_the_gst_ims_module():
    page = json.loads(PAGE_JSON.read_text(encoding="utf-8"))
    assert page["doctype"] == "Page"
    assert page["module"] == "GST IMS"
    assert page["name"] == page["page_name"] == "ims-tool"
    assert page["standard"] == "Yes"
    # The awesomebar finds pages by title only: "Invoice Management" and "GST IMS" find the tool.
    assert page["title"] == "Invoice Management (GST IMS)"
    roles = {row["role"] for row in page["roles"]}
    assert roles == {"Accounts User", "Accounts Manager", "System Manager"}
    # Frappe finds the page folder by scrubbing its name
    assert PAGE_DIR.name == page["name"].replace("-", "_")
    assert (PAGE_DIR / "__init__.py").exists() and (PAGE_DIR.parent / "__init__.py").exists()


def test_name_does_not_clash_with_india_compliance():
    # Pages are keyed by title in the awesomebar: a title equal to India Compliance's would hide one.
    ic_titles = {"GST Invoice Management System", "Purchase Reconciliation Tool"}
    for path in (PAGE_JSON, RECONCILE_JSON):
        page = json.loads(path.read_text(encoding="utf-8"))
        assert page["name"] not in {"gst-invoice-management-system", "purchase-reconciliation-tool"}
        assert page["title"] not in ic_titles


def test_reconcile_finds_the_tool_from_the_awesomebar():
    page = json.loads(RECONCILE_JSON.read_text(encoding="utf-8"))
    assert page["name"] == page["page_name"] == "ims-reconcile"
    assert "reconcile" in page["title"].lower() and "IMS" in page["title"]
    assert page["roles"] == json.loads(PAGE_JSON.read_text(encoding="utf-8"))["roles"]
    script = (RECONCILE_JSON.parent / "ims_reconcile.js").read_text(encoding="utf-8")
    assert 'set_route("ims-tool")' in script and "replace_route" in script


def test_includes_resolve_to_files_of_the_app():
    includes = INCLUDE.findall(MAIN_JS.read_text(encoding="utf-8"))
    assert includes, "the main script inlines its parts"
    for include in includes:
        app, _, rest = include.partition("/")
        assert app == "india_ims"
        assert (APP / rest).is_file(), include
    # every part is included, and nothing else in the folder is a stray script; the shared format
    # helpers come from the app's public folder
    parts = {Path(i).name for i in includes if i.startswith("india_ims/gst_ims/page/ims_tool/")}
    assert parts == {p.name for p in _js_files()} - {MAIN_JS.name}
    assert set(includes) - {f"india_ims/gst_ims/page/ims_tool/{name}" for name in parts} == {
        "india_ims/public/js/ims_format.js"
    }


def test_no_stray_include_directive():
    # Frappe's loader throws "Invalid include path" on any "{% include" it cannot parse.
    for path in _js_files():
        text = path.read_text(encoding="utf-8")
        assert text.count("{% include") == len(INCLUDE.findall(text)), path.name


def test_the_js_calls_only_whitelisted_methods():
    calls = _called_methods()
    assert len(calls) >= 20, calls
    missing = [f"{module}{name}" for module, name in calls if name not in _whitelisted(module)]
    assert not missing, f"called from the IMS Tool but not whitelisted: {missing}"


@pytest.mark.parametrize(
    "method", ["set_action", "set_action_by_filter", "get_documents", "export_documents"]
)
def test_core_methods_are_called(method):
    assert method in {name for _, name in _called_methods()}


def test_parts_stay_small():
    for path in _js_files():
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name


WORKSPACE = APP / "gst_ims" / "workspace" / "ims" / "ims.json"


def test_workspace_links_the_tool_and_the_doctypes():
    workspace = json.loads(WORKSPACE.read_text(encoding="utf-8"))
    assert workspace["doctype"] == "Workspace" and workspace["module"] == "GST IMS"
    assert workspace["name"] == workspace["label"] == "IMS"
    doctypes = {p.name for p in (APP / "gst_ims" / "doctype").iterdir() if p.is_dir()}
    targets = [(row["link_type"], row["link_to"]) for row in workspace["links"] if row["type"] == "Link"]
    targets += [(row["type"], row["link_to"]) for row in workspace["shortcuts"]]
    assert ("Page", "ims-tool") in targets
    for kind, target in targets:
        if kind == "DocType":
            assert target.lower().replace(" ", "_").replace("-", "_") in doctypes, target
    # Single DocTypes as shortcuts make the desk ask for a record count and fail
    singles = {
        p.name
        for p in (APP / "gst_ims" / "doctype").iterdir()
        if (p / f"{p.name}.json").exists() and json.loads((p / f"{p.name}.json").read_text()).get("issingle")
    }
    for row in workspace["shortcuts"]:
        assert row["link_to"].lower().replace(" ", "_").replace("-", "_") not in singles, row["link_to"]
    blocks = json.loads(workspace["content"])
    shortcut_names = {b["data"]["shortcut_name"] for b in blocks if b["type"] == "shortcut"}
    assert shortcut_names == {row["label"] for row in workspace["shortcuts"]}


TITLE_VALUE = re.compile(r"""title:\s*(?:`[^`]*`|__\([^\n]*\))""")
INTERPOLATED = re.compile(r"\$\{([^}]*)\}")


def test_dialog_titles_escape_every_value():
    # Frappe writes a dialog title as HTML: a document number from GSTN ran script there (issue 11).
    for path in _js_files():
        for title in TITLE_VALUE.findall(path.read_text(encoding="utf-8")):
            values = INTERPOLATED.findall(title)
            if "[" in title and title.startswith("title: __("):
                values += re.findall(r"\[([^\]]*)\]", title)
            for value in values:
                numbers_only = re.fullmatch(r"[\w.]*(count|length)\w*", value.strip())
                assert value.strip().startswith("ims_esc(") or numbers_only, f"{path.name}: {title}"


def test_free_text_is_read_from_plain_textareas():
    # Frappe's Small Text control echoes what is typed into its display area as HTML.
    for path in _js_files():
        assert '"Small Text"' not in path.read_text(encoding="utf-8"), path.name

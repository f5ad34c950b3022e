"""Static checks of the GSTR-2B & 3B Preview page, its API, reports and cards (no frappe needed)."""

import ast
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "india_ims"
PAGE = APP / "gst_ims" / "page" / "ims_returns"
API = APP / "ims" / "returns" / "api.py"
PERMISSION_CALLS = {"require_user", "require_manager", "require_role", "check_gstin"}


def _functions():
    tree = ast.parse(API.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
            (d.func if isinstance(d, ast.Call) else d).attr == "whitelist"
            for d in node.decorator_list
            if isinstance(d.func if isinstance(d, ast.Call) else d, ast.Attribute)
        ):
            yield node


def test_page_json():
    page = json.loads((PAGE / "ims_returns.json").read_text(encoding="utf-8"))
    assert (page["name"], page["page_name"], page["module"]) == ("ims-returns", "ims-returns", "GST IMS")
    assert page["title"] == "GSTR-2B & 3B Preview (IMS)"
    assert {row["role"] for row in page["roles"]} == {"Accounts User", "Accounts Manager", "System Manager"}


def test_whitelisted_methods_are_typed_and_check_permission_first():
    source = API.read_text(encoding="utf-8")
    assert "from __future__ import annotations" not in source  # Frappe reads the annotations
    names = set()
    for function in _functions():
        names.add(function.name)
        args = function.args.args
        assert all(arg.annotation is not None for arg in args), function.name
        assert function.returns is not None, function.name
        body = [
            n for n in function.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
        ]
        first = body[0]
        call = first.value if isinstance(first, ast.Expr) else None
        assert isinstance(call, ast.Call) and getattr(call.func, "id", None) in PERMISSION_CALLS, (
            function.name
        )
    assert {
        "get_comparison",
        "get_difference_documents",
        "get_charts",
        "start_gstr2b_download",
        "get_close_preview",
        "mark_gstr3b_filed",
        "reopen_period",
        "itc_at_stake_card",
    } <= names


def test_closing_and_reopening_are_post_only_and_reopen_is_for_system_managers():
    source = API.read_text(encoding="utf-8")
    for name in ("mark_gstr3b_filed", "reopen_period"):
        assert re.search(r'@frappe\.whitelist\(methods=\["POST"\]\)\ndef ' + name, source), name
    reopen = source[source.index("def reopen_period") :]
    assert "require_role(ADMIN_ROLE)" in reopen.split("\n\n\n")[0]
    assert "require_manager()" in source[source.index("def mark_gstr3b_filed") :].split("\n\n\n")[0]


def test_every_method_the_page_calls_is_whitelisted():
    js = (PAGE / "ims_returns.js").read_text(encoding="utf-8")
    called = set(re.findall(r'IMS_RETURNS_API \+ "(\w+)"', js))
    assert called and called <= {f.name for f in _functions()}


# Expressions that may be written into HTML as they are: escaped or formatted by a helper, numbers,
# HTML this file built from escaped parts, or a condition choosing between such templates.
SAFE = re.compile(
    r"^(esc|money|cells|encodeURIComponent|String|moment|this\.\w+_html|HEADS\.map|blocks\.map)\("
    r"|^(rows|head|list|link|effects|events|quarter|words|diff_row|summary_only|year|i \+ 1)$"
    r"|^result\.page [<>+-]|^period\.slice|^[\w.\[\]]+( &&| \?)"
)


def test_every_value_reaching_html_goes_through_a_helper():
    js = (PAGE / "ims_returns.js").read_text(encoding="utf-8")
    unsafe = []
    for match in re.finditer(r"\$\{", js):
        expression = js[match.end() : match.end() + 80].split("}")[0].strip()
        if not SAFE.search(expression):
            unsafe.append(expression)
    assert unsafe == []


def test_reports_and_cards_belong_to_the_module():
    for name in ("ims_register", "ims_supplier_itc_at_stake"):
        report = json.loads((APP / "gst_ims" / "report" / name / f"{name}.json").read_text(encoding="utf-8"))
        assert (report["report_type"], report["module"], report["is_standard"]) == (
            "Script Report",
            "GST IMS",
            "Yes",
        )
        assert {r["role"] for r in report["roles"]} >= {"Accounts User", "Accounts Manager"}
    workspace = json.loads((APP / "gst_ims" / "workspace" / "ims" / "ims.json").read_text(encoding="utf-8"))
    for card in workspace["number_cards"]:
        folder = card["number_card_name"].lower().replace(" ", "_")
        data = json.loads(
            (APP / "gst_ims" / "number_card" / folder / f"{folder}.json").read_text(encoding="utf-8")
        )
        assert data["module"] == "GST IMS" and data["is_standard"] == 1


def test_export_text_is_never_a_formula():
    from india_ims.ims.returns.text import as_text

    assert as_text('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert as_text("+91") == "'+91" and as_text("-1") == "'-1" and as_text("@SUM(A1)") == "'@SUM(A1)"
    assert as_text("INV/25-26/0001") == "INV/25-26/0001"
    assert as_text(12.5) == 12.5

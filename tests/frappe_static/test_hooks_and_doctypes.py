"""The issue's DocType and hook requirements, checked without a bench."""

import ast
import json
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "india_ims"
DOCTYPES = APP / "gst_ims" / "doctype"


def _doctype(name: str) -> dict:
    folder = name.lower().replace(" ", "_")
    return json.loads((DOCTYPES / folder / f"{folder}.json").read_text())


def _fields(name: str) -> dict[str, dict]:
    return {f["fieldname"]: f for f in _doctype(name)["fields"]}


def _hooks() -> dict:
    tree = ast.parse((APP / "hooks.py").read_text())
    return {
        t.id: ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }


def test_inward_supply_has_the_issues_fields():
    fields = _fields("IMS Inward Supply")
    for name in (
        "company",
        "company_gstin",
        "section",
        "document_type",
        "supplier_gstin",
        "supplier_name",
        "document_number",
        "document_date",
        "original_document_number",
        "original_document_date",
        "place_of_supply",
        "is_reverse_charge",
        "document_value",
        "taxable_value",
        "igst",
        "cgst",
        "sgst",
        "cess",
        "supplier_return_period",
        "source_form",
        "supplier_filing_status",
        "gstn_action",
        "action",
        "pending_allowed",
        "itc_reduction_required",
        "itc_reduction_igst",
        "remarks",
        "gstr2b_period",
        "match_status",
        "purchase_invoice",
        "match_reason",
        "financial_year",
        "content_digest",
    ):
        assert name in fields, name
    assert fields["purchase_invoice"]["options"] == "Purchase Invoice"
    assert fields["company"]["options"] == "Company"


def test_inward_supply_unique_key_and_indexes_are_declared():
    source = (DOCTYPES / "ims_inward_supply" / "ims_inward_supply.py").read_text()
    assert "add_unique" in source
    for column in ("company_gstin", "section", "supplier_gstin", "document_number", "financial_year"):
        assert f'"{column}"' in source
    assert source.count("add_index") >= 3


def test_action_log_is_read_only_to_users():
    doc = _doctype("IMS Action Log")
    for perm in doc["permissions"]:
        assert not perm.get("write") and not perm.get("create"), perm["role"]
    assert all(f.get("read_only") for f in doc["fields"] if f["fieldtype"] != "Column Break")
    sources = _fields("IMS Action Log")["source"]["options"].split("\n")
    assert sources == ["User", "Bulk", "Rule", "Portal Sync"]


def test_sync_log_statuses_and_kinds():
    fields = _fields("IMS Sync Log")
    assert fields["status"]["options"].split("\n") == [
        "Queued",
        "Running",
        "Completed",
        "Failed",
        "Partly Failed",
        "Cancelled",
    ]
    assert fields["kind"]["options"].split("\n") == [
        "Download",
        "Reconcile",
        "Upload",
        "GSTR-2B Regeneration",
        "GSTR-2B Download",
        "Supplier View",
        "Follow-up E-mail",
    ]
    assert fields["record_errors"]["options"] == "IMS Sync Log Error"


def test_roles():
    for name in ("IMS Inward Supply", "IMS Sync Log", "IMS Return Period", "IMS Action Log"):
        roles = {p["role"] for p in _doctype(name)["permissions"]}
        assert {"Accounts User", "Accounts Manager", "System Manager"} <= roles, name
    settings = {p["role"]: p for p in _doctype("IMS Settings")["permissions"]}
    assert settings["Accounts Manager"].get("write") and not settings["Accounts User"].get("write")


def test_hooks_wire_purchase_invoice_events_and_schedules():
    hooks = _hooks()
    events = hooks["doc_events"]["Purchase Invoice"]
    assert {"on_cancel", "on_trash"} <= set(events)
    scheduler = hooks["scheduler_events"]
    daily = scheduler.get("daily_long", []) + scheduler.get("daily", [])
    assert "india_ims.ims.jobs.daily_download" in daily
    assert any("follow_up_queued" in m for methods in scheduler.get("cron", {}).values() for m in methods)
    assert hooks["after_install"].startswith("india_ims.")

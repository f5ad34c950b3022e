"""Fields only the app writes: GSTN's values and the app's bookkeeping, read-only in every form.

The app writes them with set-based SQL or ``frappe.db.set_value``, and saves documents only with
``ignore_permissions`` (server code). A save that checks permissions, which is what every form,
REST call and data import is, cannot change one of them for any role, Administrator included, so
nothing reaches these fields behind the rules engine's and the job bookkeeping's back.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils.data import cast


def app_fields(meta) -> list[str]:
    """Every read-only field with a value of its own (tables and layout fields left out)."""
    return [
        df.fieldname
        for df in meta.fields
        if df.read_only and df.fieldtype not in no_value_fields and df.fieldtype not in table_fields
    ]


def _value(df, value):
    if value in (None, ""):
        return None if df.fieldtype not in ("Int", "Check", "Float", "Currency", "Percent") else 0
    try:
        return cast(df.fieldtype, value)
    except (TypeError, ValueError):
        return value


def guard(doc, fields: list[str] | None = None) -> None:
    """Refuse a permission-checked save (form, REST, import) that changes an app-only field."""
    if doc.flags.ignore_permissions:
        return
    fields = fields if fields is not None else app_fields(doc.meta)
    if doc.is_new():
        changed = [
            f for f in fields if _value(doc.meta.get_field(f), doc.get(f)) != _default(doc.meta.get_field(f))
        ]
    else:
        before = doc.get_doc_before_save()
        if before is None:
            return
        changed = [
            f
            for f in fields
            if _value(doc.meta.get_field(f), before.get(f)) != _value(doc.meta.get_field(f), doc.get(f))
        ]
    if changed:
        frappe.throw(
            _("{0} {1}: {2} can only be written by the app (GSTN's values and its bookkeeping)").format(
                doc.doctype, doc.name or "", ", ".join(changed)
            ),
            frappe.PermissionError,
        )


def _default(df):
    return _value(df, df.default)

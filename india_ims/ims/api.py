"""Whitelisted methods for the IMS tool (Match Summary, Document View, Action Summary).

Every method is type-annotated (Frappe validates the types; this module does
not use postponed annotations so it can) and starts with a permission check
from ``permissions``. Lists and dicts may arrive as JSON text from the browser.
Heavy work is queued through ``jobs``; nothing here downloads or reconciles.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import today

from india_ims.gst_india.documents import ItcReduction
from india_ims.gst_india.errors import GstError
from india_ims.gst_india.money import to_paise
from india_ims.gstn.errors import GstnAuthError, GstnError

from . import (
    actions,
    gstn_link,
    job_watch,
    jobs,
    link_candidates,
    missing_in_ims,
    pi_create,
    pi_links,
    purchases,
    queries,
    synclog,
)
from .args import as_dict, as_filters, as_list, as_period
from .constants import (
    INWARD_SUPPLY,
    KIND_DOWNLOAD,
    KIND_RECONCILE,
    KIND_REGENERATE,
    KIND_UPLOAD,
    PI_LINK,
    PI_MATCH_REASON,
    PI_MATCH_STATUS,
    PI_PERIOD,
    SOURCE_BULK,
    SOURCE_USER,
    SYNC_LOG,
)
from .permissions import check_gstin, check_records, check_sync_log, require_manager, require_user
from .summary_left import kept_action_summary
from .summary_replaced import mark_replaced

_DECLARED_HEADS = ("igst", "cgst", "sgst", "cess")


def _itc_reduction(value: str | dict | None) -> ItcReduction | None:
    """A declared ITC reduction from the browser: {"required": Y/N, "igst": rupees, ...}."""
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = frappe.parse_json(value)
        except ValueError:
            value = None
    if not isinstance(value, dict):
        frappe.throw(_("itc_reduction must be an object with required, igst, cgst, sgst and cess"))
    unknown = sorted(set(value) - {"required", *_DECLARED_HEADS})
    if unknown:
        frappe.throw(_("itc_reduction: unknown field(s) {0}").format(", ".join(unknown)))
    required = value.get("required")
    if isinstance(required, str):
        required = {"Y": True, "N": False}.get(required.strip().upper(), required)
    if not isinstance(required, bool):
        frappe.throw(_("itc_reduction.required must be Y or N (true or false), not {0!r}").format(required))
    if required and not any(value.get(head) not in (None, "") for head in _DECLARED_HEADS):
        # GSTN reads Y without amounts as the full reduction, which on an amendment is a difference
        # this request does not name; read here as 0 it would reduce nothing. Our uploads always
        # send the amounts, so they are asked for.
        frappe.throw(_("itc_reduction: required Y needs the declared amounts (igst, cgst, sgst, cess in "
                       "rupees); declare N if the ITC was never availed"))
    amounts = {}
    for head in _DECLARED_HEADS:
        try:
            amounts[head] = to_paise(value.get(head), field=f"itc_reduction.{head}", strict=True)
        except GstError as error:
            frappe.throw(_("{0} (rupees, at most two decimals)").format(error))
    if not required and any(amounts.values()):
        frappe.throw(_("itc_reduction: amounts cannot be declared with required N (nothing is reduced)"))
    return ItcReduction(required, **amounts)




# ---------------------------------------------------------------- queries


@frappe.whitelist()
def get_documents(
    company_gstin: str,
    period: str | None = None,
    filters: str | dict | None = None,
    page: int = 1,
    page_length: int = 50,
    order_by: str = "document_date",
    descending: bool = False,
    period_field: str = "supplier_return_period",
) -> dict:
    check_gstin(company_gstin, "read")
    found = queries.documents(
        company_gstin,
        period=as_period(period),
        period_field=period_field,
        filters=as_filters(filters),
        page=page,
        page_length=page_length,
        order_by=order_by,
        descending=bool(descending),
    )
    mark_replaced(found["rows"])  # FAQ 13: an original its same-period amendment replaces
    return found


@frappe.whitelist()
def get_match_summary(
    company_gstin: str,
    period: str | None = None,
    filters: str | dict | None = None,
    period_field: str = "supplier_return_period",
) -> dict:
    check_gstin(company_gstin, "read")
    period, filters = as_period(period), as_filters(filters)
    summary = queries.kept(
        company_gstin, period, ("match", period_field, filters),
        lambda: queries.match_summary(company_gstin, period=period, period_field=period_field,
                                      filters=filters, missing=False),
    )
    # Purchase Invoices are not in the data version: their side is read each time (one indexed count).
    missing = missing_in_ims.missing_in_ims_summary(company_gstin, period) if period else None
    return {**summary, "missing_in_ims": missing}


@frappe.whitelist()
def get_action_summary(
    company_gstin: str,
    period: str | None = None,
    filters: str | dict | None = None,
    period_field: str = "gstr2b_period",
) -> dict:
    check_gstin(company_gstin, "read")
    period, filters = as_period(period), as_filters(filters)
    return kept_action_summary(company_gstin, period, period_field, filters)


@frappe.whitelist()
def get_missing_in_ims(company_gstin: str, period: str, page: int = 1, page_length: int = 50) -> dict:
    check_gstin(company_gstin, "read")
    if not frappe.has_permission("Purchase Invoice", "read"):
        raise frappe.PermissionError(_("You are not permitted to read Purchase Invoices"))
    return missing_in_ims.missing_in_ims(company_gstin, as_period(period), page=page, page_length=page_length)


@frappe.whitelist()
def get_sync_status(sync_log: str, company_gstin: str | None = None) -> dict:
    """One job's state. With ``company_gstin`` (the GSTIN the page has selected), a log of another
    GSTIN is refused rather than shown under it."""
    log = check_sync_log(sync_log, "read")
    if company_gstin and log.company_gstin != company_gstin.strip().upper():
        frappe.throw(_("{0} is not a job of GSTIN {1}").format(sync_log, company_gstin))
    return frappe.db.get_value(
        SYNC_LOG,
        sync_log,
        ["company", "company_gstin", *synclog.STATUS_FIELDS],
        as_dict=True,
    )


@frappe.whitelist(methods=["POST"])
def cancel_job(sync_log: str) -> dict:
    """Cancel a queued job (or one whose job is gone): Accounts Manager only."""
    require_manager()
    check_sync_log(sync_log, "write")
    return job_watch.cancel(sync_log)


# ---------------------------------------------------------------- actions


@frappe.whitelist()
def set_action(
    names: str | list[str],
    action: str,
    remark: str | None = None,
    mode: str = "all_or_nothing",
    override_reason: str | None = None,
    itc_reduction: str | dict | None = None,
    seen: str | dict | None = None,
) -> dict:
    """Set one action on one or many records, judged by the rules engine (FAQ 30 for bulk).

    ``itc_reduction`` declares, with Accept on one specified record (Oct 2025+), how much ITC to
    reduce: {"required": "Y"/"N", "igst": rupees, "cgst": ..., "sgst": ..., "cess": ...} (spec 1.8).
    ``seen`` ({name: action shown}) refuses, as CHANGED_MEANWHILE, a record someone else changed
    since the page loaded it.
    """
    require_user()
    reduction = _itc_reduction(itc_reduction)
    names = as_list(names, "names")
    seen_actions = as_dict(seen, "seen")
    if any(not isinstance(value, str) for value in seen_actions.values()):
        frappe.throw(_("seen must map record names to the action shown"))
    if not names:
        frappe.throw(_("No records selected"))
    if mode not in ("all_or_nothing", "valid_only"):
        frappe.throw(_("Mode must be all_or_nothing or valid_only"))
    check_records(names, "write")
    return actions.set_actions(
        names,
        action,
        source=SOURCE_USER if len(names) == 1 else SOURCE_BULK,
        mode=mode,
        remark=remark,
        override_reason=override_reason,
        itc_reduction=reduction,
        seen=seen_actions,
    )


@frappe.whitelist()
def set_action_by_filter(
    company_gstin: str,
    action: str,
    period: str | None = None,
    filters: str | dict | None = None,
    remark: str | None = None,
    mode: str = "valid_only",
    period_field: str = "supplier_return_period",
) -> dict:
    """The same action on every record the filters select, chosen on the server (FAQ 30)."""
    require_user()
    check_gstin(company_gstin, "write")
    if mode not in ("all_or_nothing", "valid_only"):
        frappe.throw(_("Mode must be all_or_nothing or valid_only"))
    # Read once under lock by the filters themselves (the Document View's conditions), not by a list
    # of every name they select: every record judged by the rules engine, one transaction.
    where = queries._where(company_gstin, as_period(period), period_field, as_filters(filters))
    return actions.set_actions((), action, source=SOURCE_BULK, mode=mode, remark=remark, where=where)


# ---------------------------------------------------------------- purchase invoice links


def _record(name: str) -> dict:
    check_records([name], "write")
    return frappe.db.get_value(
        INWARD_SUPPLY,
        name,
        [
            "name",
            "company",
            "company_gstin",
            "purchase_invoice",
            "supplier_return_period",
            "section",
            "supplier_gstin",
            "supplier_name",
            "document_number",
            "document_date",
            "document_type",
            "place_of_supply",
            "is_reverse_charge",
        ],
        as_dict=True,
    )


@frappe.whitelist()
def link_purchase_invoice(name: str, purchase_invoice: str) -> dict:
    """Link a record to a submitted Purchase Invoice of the same company GSTIN (a Manual Match)."""
    require_user()
    record = _record(name)
    invoice = frappe.get_doc("Purchase Invoice", purchase_invoice)
    invoice.check_permission("read")
    if invoice.docstatus != 1:
        frappe.throw(_("Purchase Invoice {0} is not submitted").format(purchase_invoice))
    if purchases.company_gstin_of(invoice) != record.company_gstin:
        frappe.throw(_("Purchase Invoice {0} belongs to another company GSTIN").format(purchase_invoice))
    others = frappe.get_all(
        INWARD_SUPPLY, filters={"purchase_invoice": purchase_invoice, "name": ("!=", name)}, pluck="name"
    )
    if others:
        actions.unlink(
            others, reason=f"Purchase Invoice {purchase_invoice} linked to {name} by hand", source=SOURCE_USER
        )
    if record.purchase_invoice and record.purchase_invoice != purchase_invoice:
        pi_links.update(
            record.purchase_invoice,
            {
                PI_LINK: None,
                PI_MATCH_STATUS: "Missing in IMS",
                PI_MATCH_REASON: f"its IMS record {name} was linked by hand to {purchase_invoice}",
            },
        )
    frappe.db.set_value(
        INWARD_SUPPLY,
        name,
        {
            "purchase_invoice": purchase_invoice,
            "match_status": "Manual Match",
            "match_reason": f"Linked by {frappe.session.user}",
            "match_differences": None,
        },
    )
    pi_links.update(
        purchase_invoice,
        {
            PI_LINK: name,
            PI_MATCH_STATUS: "Manual Match",
            PI_PERIOD: record.supplier_return_period,
            PI_MATCH_REASON: None,
        },
    )
    return {"name": name, "purchase_invoice": purchase_invoice, "match_status": "Manual Match"}


@frappe.whitelist()
def unlink_purchase_invoice(name: str) -> dict:
    """Drop the link; an Accepted record goes back to No Action (logged)."""
    require_user()
    record = _record(name)
    if not record.purchase_invoice:
        frappe.throw(_("{0} is not linked to a Purchase Invoice").format(name))
    actions.unlink(
        [name], reason=f"Unlinked from {record.purchase_invoice} by {frappe.session.user}", source=SOURCE_USER
    )
    pi_links.update(
        record.purchase_invoice,
        {
            PI_LINK: None,
            PI_MATCH_STATUS: "Missing in IMS",
            PI_MATCH_REASON: f"unlinked by hand from IMS record {name}",
        },
    )
    return frappe.db.get_value(INWARD_SUPPLY, name, ["name", "action", "match_status"], as_dict=True)


@frappe.whitelist()
def create_purchase_invoice(name: str) -> dict:
    """A new, unsaved Purchase Invoice filled from the record, for the user to complete and save."""
    require_user()
    if not frappe.has_permission("Purchase Invoice", "create"):
        raise frappe.PermissionError(_("You are not permitted to create Purchase Invoices"))
    record = _record(name)
    fields = purchases.field_map()
    doc = frappe.new_doc("Purchase Invoice")
    doc.company = record.company
    doc.supplier = _supplier_of(record.supplier_gstin)
    doc.bill_no = pi_create.bill_number(record.document_number)
    doc.bill_date = record.document_date
    doc.posting_date = today()
    doc.is_return = int(record.document_type == "Credit Note")
    doc.set("ims_is_supplier_debit_note", int(record.document_type == "Debit Note"))
    doc.set(fields["supplier_gstin"], record.supplier_gstin)
    doc.set(fields["company_gstin"], record.company_gstin)
    doc.set(fields["reverse_charge"], record.is_reverse_charge)
    if not purchases.has_india_compliance():
        doc.set(fields["place_of_supply"], record.place_of_supply)
    return doc.as_dict()


@frappe.whitelist()
def create_draft_purchase_invoice(name: str, create_supplier: bool = False) -> dict:
    """A draft Purchase Invoice saved from a Missing-in-PI record (ERPNext's mapping, the company's
    tax template); with ``create_supplier`` a Supplier is first made from GSTN's name and GSTIN."""
    require_user()
    if not frappe.has_permission("Purchase Invoice", "create"):
        raise frappe.PermissionError(_("You are not permitted to create Purchase Invoices"))
    _record(name)
    if create_supplier:
        if not frappe.has_permission("Supplier", "create"):
            raise frappe.PermissionError(_("You are not permitted to create Suppliers"))
        pi_create.create_supplier(name)
    return pi_create.create_draft(name)


@frappe.whitelist()
def get_link_candidates(name: str) -> list[dict]:
    """Purchase Invoices this record may be linked to, best match first, with what agrees and differs."""
    require_user()
    _record(name)
    if not frappe.has_permission("Purchase Invoice", "read"):
        raise frappe.PermissionError(_("You are not permitted to read Purchase Invoices"))
    return link_candidates.candidates(name)


def _supplier_of(gstin: str) -> str | None:
    if purchases.has_india_compliance():
        supplier = frappe.db.get_value("Supplier", {"gstin": gstin}, "name")
        if supplier:
            return supplier
    return frappe.db.get_value("Supplier", {"tax_id": gstin}, "name")


# ---------------------------------------------------------------- jobs


@frappe.whitelist()
def start_download(company_gstin: str, period: str | None = None) -> dict:
    require_user()
    check_gstin(company_gstin, "write")
    return jobs.enqueue_job(KIND_DOWNLOAD, company_gstin, as_period(period))


@frappe.whitelist()
def start_reconcile(company_gstin: str, period: str) -> dict:
    require_user()
    check_gstin(company_gstin, "write")
    return jobs.enqueue_job(KIND_RECONCILE, company_gstin, as_period(period))


@frappe.whitelist()
def start_upload(company_gstin: str) -> dict:
    require_manager()
    check_gstin(company_gstin, "write")
    return jobs.enqueue_job(KIND_UPLOAD, company_gstin, None)


@frappe.whitelist()
def start_regenerate(company_gstin: str, period: str) -> dict:
    require_manager()
    check_gstin(company_gstin, "write")
    return jobs.enqueue_job(KIND_REGENERATE, company_gstin, as_period(period))


# ---------------------------------------------------------------- GSTN login


class GstnLoginRequired(frappe.ValidationError):
    """GSTN refused the session: the caller shows the OTP prompt (``exc_type`` in the response)."""


@contextmanager
def _gstn_errors():
    """GSTN's refusals of the OTP flow as one-line validation errors, never a traceback."""
    try:
        yield
    except GstnAuthError as error:
        frappe.throw(str(error), GstnLoginRequired, title=_("Log in to GSTN again"))
    except GstnError as error:
        frappe.throw(str(error), title=_("GSTN"))


@frappe.whitelist(methods=["POST"])
def request_otp(company_gstin: str) -> dict:
    require_user()
    check_gstin(company_gstin, "write")
    with _gstn_errors():
        gstn_link.request_otp(company_gstin)
    return {"otp_sent": True}


@frappe.whitelist(methods=["POST"])
def login(company_gstin: str, otp: str) -> dict:
    require_user()
    check_gstin(company_gstin, "write")
    with _gstn_errors():
        expires_at = gstn_link.login(company_gstin, otp)
    return {"expires_at": expires_at, **gstn_link.session_status(company_gstin)}


@frappe.whitelist()
def get_session_status(company_gstin: str) -> dict:
    """Logged in or not, and until when, in the site's time zone (``valid_until_time`` is HH:MM)."""
    check_gstin(company_gstin, "read")
    return gstn_link.session_status(company_gstin)


__all__ = ["synclog"]

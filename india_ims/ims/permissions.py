"""Who may see and do what. Every whitelisted API calls one of these first.

Accounts User views and acts, Accounts Manager also uploads and edits
settings, System Manager administers. User Permissions on Company are
honoured through ``frappe.get_list`` (which applies them) and an explicit
company filter in every raw query.
"""

from __future__ import annotations

import frappe
from frappe import _

from .constants import (
    ADMIN_ROLE,
    INWARD_SUPPLY,
    MANAGER_ROLE,
    MODULE,
    SETTINGS,
    SYNC_LOG,
    USER_ROLE,
)


def allowed_companies(user: str | None = None) -> list[str]:
    """Companies the user may see, after User Permissions."""
    return frappe.get_list("Company", pluck="name", limit=0, user=user or frappe.session.user)


def company_of_gstin(company_gstin: str) -> str:
    """The company a GSTIN belongs to, from IMS Settings (then from stored records)."""
    gstin = (company_gstin or "").strip().upper()
    company = frappe.db.get_value(
        "IMS Settings GSTIN", {"gstin": gstin, "parenttype": SETTINGS}, "company"
    ) or frappe.db.get_value(INWARD_SUPPLY, {"company_gstin": gstin}, "company")
    if not company:
        frappe.throw(
            _("GSTIN {0} is not set up in IMS Settings").format(gstin or "''"), frappe.DoesNotExistError
        )
    return company


def _refuse(what: str) -> None:
    # Names only what the user asked for, never the company behind it: a refusal must not tell a
    # user which company owns a GSTIN or a record they may not see.
    raise frappe.PermissionError(_("You are not permitted to access {0}").format(what))


def check_company(company: str, ptype: str = "read", *, what: str | None = None) -> None:
    if company not in allowed_companies():
        _refuse(what or _("the records of this company"))
    if not frappe.has_permission(INWARD_SUPPLY, ptype):
        raise frappe.PermissionError(_("You are not permitted to {0} IMS records").format(ptype))


def check_gstin(company_gstin: str, ptype: str = "read") -> str:
    """Check access to a company GSTIN; returns its company. A GSTIN of a company the user may not
    see gets the same answer as one that is not set up, so neither its company nor its existence
    shows."""
    gstin = (company_gstin or "").strip().upper()
    try:
        company = company_of_gstin(gstin)
    except frappe.DoesNotExistError:
        if can_see_every_company():
            raise
        _refuse(_("GSTIN {0}").format(gstin or "''"))
    check_company(company, ptype, what=_("GSTIN {0}").format(gstin))
    return company


def check_sync_log(sync_log: str, ptype: str = "read"):
    """The Sync Log's company and GSTIN after checking access; an unknown log is refused alike."""
    log = frappe.db.get_value(SYNC_LOG, sync_log, ["name", "company", "company_gstin"], as_dict=True)
    if not log:
        _refuse(_("IMS Sync Log {0}").format(sync_log))
    check_company(log.company, ptype, what=_("IMS Sync Log {0}").format(sync_log))
    return log


def check_records(names: list[str], ptype: str = "write") -> list[dict]:
    """Load the named records after checking the user may act on each one's company."""
    if not frappe.has_permission(INWARD_SUPPLY, ptype):
        raise frappe.PermissionError(_("You are not permitted to {0} IMS records").format(ptype))
    rows = frappe.get_all(INWARD_SUPPLY, filters={"name": ("in", names)}, fields=["name", "company"])
    allowed = set(allowed_companies())
    visible = {row.name for row in rows if row.company in allowed}
    hidden = [name for name in names if name not in visible]
    if hidden:
        # Not found and not permitted read the same, so a name reveals nothing of another company.
        frappe.throw(
            _("IMS records not found or not permitted: {0}").format(", ".join(hidden[:10])),
            frappe.DoesNotExistError if can_see_every_company() else frappe.PermissionError,
        )
    return rows


def can_see_every_company(user: str | None = None) -> bool:
    user = user or frappe.session.user
    if user == "Administrator":
        return True
    every = frappe.get_all("Company", pluck="name")
    return set(every) <= set(allowed_companies(user))


# ---------------------------------------------------------------- hooks (permission_query_conditions,
# has_permission): the same User Permissions on Company on Desk's lists, reports and REST.


def _company_filter(user: str | None, condition) -> str:
    """No condition for a user who sees every company, none visible for one who sees none, else
    ``condition`` of the escaped list of the companies the user may see."""
    user = user or frappe.session.user
    if can_see_every_company(user):
        return ""
    allowed = allowed_companies(user)
    if not allowed:
        return "1=0"
    return condition(", ".join(frappe.db.escape(company) for company in allowed))


def _company_condition(table: str, column: str, user: str | None) -> str:
    return _company_filter(user, lambda values: f"`tab{table}`.`{column}` in ({values})")


def settings_gstin_query(user: str | None = None, **_kwargs) -> str:
    """IMS Settings' GSTIN rows (``frappe.client.get_list`` with parent IMS Settings): only the
    companies the user may see."""
    return _company_condition("IMS Settings GSTIN", "company", user)


def tax_account_query(user: str | None = None, **_kwargs) -> str:
    """The settings' tax accounts: only accounts of companies the user may see."""
    def accounts_of(values: str) -> str:
        accounts = f"select name from `tabAccount` where company in ({values})"
        return f"`tabIMS Tax Account`.`account` in ({accounts})"

    return _company_filter(user, accounts_of)


def gstn_session_query(user: str | None = None, **_kwargs) -> str:
    return _company_condition("IMS GSTN Session", "company", user)


def child_table_query(user: str | None = None, doctype: str | None = None, **_kwargs) -> str:
    """Every child table of this app whose parent belongs to a company (a Sync Log's errors, and
    any added later): Frappe applies no User Permission to child rows read with
    ``frappe.client.get_list(parent=...)``, so only rows of parents of the user's companies show.
    Registered for "*": anything that is not one of this app's child tables returns at once."""
    if not doctype or not doctype.startswith("IMS "):
        return ""
    meta = frappe.get_meta(doctype)
    if not meta.istable or meta.module != MODULE:
        return ""
    parents = [parent for parent in _parents_of(doctype) if frappe.get_meta(parent).has_field("company")]
    if not parents or can_see_every_company(user or frappe.session.user):
        return ""
    allowed = allowed_companies(user or frappe.session.user)
    if not allowed:
        return "1=0"
    values = ", ".join(frappe.db.escape(company) for company in allowed)
    table = f"`tab{doctype}`"
    return (
        "("
        + " or ".join(
            f"({table}.`parenttype` = {frappe.db.escape(parent)} and {table}.`parent` in "
            f"(select name from `tab{parent}` where company in ({values})))"
            for parent in parents
        )
        + ")"
    )


def _parents_of(child: str) -> list[str]:
    return frappe.get_all(
        "DocField",
        filters={"options": child, "fieldtype": ("in", ("Table", "Table MultiSelect"))},
        pluck="parent",
    )


def settings_permission(doc, ptype: str = "read", user: str | None = None, **_kwargs) -> bool | None:
    """IMS Settings holds every company's GSTINs: only a user who may see every company opens it
    (a user limited to some companies works through the IMS tool, which shows theirs)."""
    if can_see_every_company(user):
        return None
    return False


def require_role(*roles: str) -> None:
    user_roles = set(frappe.get_roles())
    if not user_roles.intersection(roles) and ADMIN_ROLE not in user_roles:
        raise frappe.PermissionError(_("This needs one of the roles: {0}").format(", ".join(roles)))


def require_user() -> None:
    require_role(USER_ROLE, MANAGER_ROLE)


def require_manager() -> None:
    require_role(MANAGER_ROLE)

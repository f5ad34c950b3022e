"""Who may see and do what. Every whitelisted API calls one of these first.

Accounts User views and acts, Accounts Manager also uploads and edits
settings, System Manager administers. User Permissions on Company are
honoured through ``frappe.get_list`` (which applies them) and an explicit
company filter in every raw query.
"""

from __future__ import annotations

import frappe
from frappe import _

from .constants import ADMIN_ROLE, INWARD_SUPPLY, MANAGER_ROLE, SETTINGS, USER_ROLE


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


def check_company(company: str, ptype: str = "read") -> None:
    if company not in allowed_companies():
        raise frappe.PermissionError(_("You are not permitted to access company {0}").format(company))
    if not frappe.has_permission(INWARD_SUPPLY, ptype):
        raise frappe.PermissionError(_("You are not permitted to {0} IMS records").format(ptype))


def check_gstin(company_gstin: str, ptype: str = "read") -> str:
    """Check access to a company GSTIN; returns its company."""
    company = company_of_gstin(company_gstin)
    check_company(company, ptype)
    return company


def check_records(names: list[str], ptype: str = "write") -> list[dict]:
    """Load the named records after checking the user may act on each one's company."""
    if not frappe.has_permission(INWARD_SUPPLY, ptype):
        raise frappe.PermissionError(_("You are not permitted to {0} IMS records").format(ptype))
    rows = frappe.get_all(INWARD_SUPPLY, filters={"name": ("in", names)}, fields=["name", "company"])
    found = {row.name for row in rows}
    missing = [name for name in names if name not in found]
    if missing:
        frappe.throw(
            _("IMS records not found: {0}").format(", ".join(missing[:10])), frappe.DoesNotExistError
        )
    allowed = set(allowed_companies())
    refused = sorted({row.company for row in rows if row.company not in allowed})
    if refused:
        raise frappe.PermissionError(
            _("You are not permitted to access company {0}").format(", ".join(refused))
        )
    return rows


def require_role(*roles: str) -> None:
    user_roles = set(frappe.get_roles())
    if not user_roles.intersection(roles) and ADMIN_ROLE not in user_roles:
        raise frappe.PermissionError(_("This needs one of the roles: {0}").format(", ".join(roles)))


def require_user() -> None:
    require_role(USER_ROLE, MANAGER_ROLE)


def require_manager() -> None:
    require_role(MANAGER_ROLE)

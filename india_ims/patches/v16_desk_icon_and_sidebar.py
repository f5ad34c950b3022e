"""Frappe 16 makes a Desktop Icon and a Workspace Sidebar for a workspace that has none, from its
shortcuts. Sites that had india_ims before it shipped its own have those, and, being newer than the
app's files, migrate would keep them: replace them with the app's (IMS inside the Accounting folder,
every IMS DocType and the IMS Tool in the sidebar)."""

import frappe
from frappe.modules.import_file import import_file_by_path

from india_ims import compat

# The sidebar first: the icon links to it.
SHIPPED = (("Workspace Sidebar", "workspace_sidebar"), ("Desktop Icon", "desktop_icon"))


def execute():
    if compat.frappe_major() < compat.V16:
        return
    for doctype, folder in SHIPPED:
        if frappe.db.get_value(doctype, "IMS", "standard") == 0:
            import_file_by_path(frappe.get_app_path("india_ims", folder, "ims.json"), force=True)

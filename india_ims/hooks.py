app_name = "india_ims"
app_title = "India IMS"
app_publisher = "india_ims developers"
app_description = "GST Invoice Management System for ERPNext: download, reconcile, act, upload"
app_email = "dev@india-ims.invalid"
app_license = "GPL-3.0"
required_apps = ["erpnext"]

after_install = "india_ims.ims.install.after_install"
after_migrate = "india_ims.ims.install.after_migrate"
before_uninstall = "india_ims.ims.install.before_uninstall"

doc_events = {
    "Purchase Invoice": {
        "on_cancel": "india_ims.ims.doc_events.on_cancel",
        "on_trash": "india_ims.ims.doc_events.on_trash",
        "on_submit": "india_ims.ims.doc_events.on_submit",
        "onload": "india_ims.ims.doc_events.onload",
    }
}

# The recipient's IMS action on our sale, shown on the Sales Invoice (supplier view, FAQ 18).
doctype_js = {
    "Purchase Invoice": "public/js/purchase_invoice_ims.js",
    "Sales Invoice": "public/js/sales_invoice_ims.js",
}

scheduler_events = {
    "daily_long": ["india_ims.ims.jobs.daily_download", "india_ims.ims.jobs.daily_section_16_4"],
    "cron": {"*/5 * * * *": ["india_ims.ims.jobs.follow_up_queued"]},
}

# User Permissions on Company reach what Frappe does not filter by itself: child tables read with
# frappe.client.get_list(parent=...) and the single IMS Settings, which holds every company's GSTINs.
permission_query_conditions = {
    "IMS Settings GSTIN": "india_ims.ims.permissions.settings_gstin_query",
    "IMS Tax Account": "india_ims.ims.permissions.tax_account_query",
    "IMS GSTN Session": "india_ims.ims.permissions.gstn_session_query",
    # every child table of this app under a company's document (a Sync Log's errors, ...)
    "*": "india_ims.ims.permissions.child_table_query",
}
has_permission = {
    "IMS Settings": "india_ims.ims.permissions.settings_permission",
}

app_name = "india_ims"
app_title = "India IMS"
app_publisher = "india_ims developers"
app_description = "GST Invoice Management System for ERPNext: download, reconcile, act, upload"
app_email = "dev@india-ims.invalid"
app_license = "GPL-3.0"
required_apps = ["erpnext"]

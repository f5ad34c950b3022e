"""DocType names and labels shared by the Frappe layer."""

INWARD_SUPPLY = "IMS Inward Supply"
ACTION_LOG = "IMS Action Log"
SYNC_LOG = "IMS Sync Log"
SYNC_LOG_ERROR = "IMS Sync Log Error"
RETURN_PERIOD = "IMS Return Period"
ANNUAL_RETURN = "IMS Annual Return"
GSTR2B = "IMS GSTR-2B"
GSTR2B_DOCUMENT = "IMS GSTR-2B Document"
SETTINGS = "IMS Settings"
MODULE = "GST IMS"

USER_ROLE = "Accounts User"
MANAGER_ROLE = "Accounts Manager"
ADMIN_ROLE = "System Manager"

KIND_DOWNLOAD = "Download"
KIND_RECONCILE = "Reconcile"
KIND_UPLOAD = "Upload"
KIND_REGENERATE = "GSTR-2B Regeneration"
KIND_GSTR2B_DOWNLOAD = "GSTR-2B Download"
KIND_SUPPLIER_VIEW = "Supplier View"
KIND_FOLLOW_UP = "Follow-up E-mail"
KINDS = (
    KIND_DOWNLOAD,
    KIND_RECONCILE,
    KIND_UPLOAD,
    KIND_REGENERATE,
    KIND_GSTR2B_DOWNLOAD,
    KIND_SUPPLIER_VIEW,
    KIND_FOLLOW_UP,
)

QUEUED, RUNNING, COMPLETED, FAILED, PARTLY_FAILED = (
    "Queued",
    "Running",
    "Completed",
    "Failed",
    "Partly Failed",
)

SOURCE_USER, SOURCE_BULK, SOURCE_RULE, SOURCE_PORTAL = "User", "Bulk", "Rule", "Portal Sync"

# What a reconciliation says of a Purchase Invoice: columns of ``PI_LINKS``, a narrow table named
# by invoice (``pi_links``), not of the invoice's own row.
PI_LINKS = "IMS Purchase Link"
PI_LINK = "ims_inward_supply"
PI_MATCH_STATUS = "ims_match_status"
PI_PERIOD = "ims_period"
# Why an invoice is Missing in IMS, in the engine's words (the nearest IMS record and what differs)
PI_MATCH_REASON = "ims_match_reason"
# Custom fields on Purchase Invoice this app owns in every install.
PI_DEBIT_NOTE = "ims_is_supplier_debit_note"
# The IMS record a draft was made from (``pi_create``): the Desk saves it with the draft.
PI_DRAFTED_FROM = "ims_drafted_from"
# Where the form shows the invoice's links (``doc_events.onload``); no column.
PI_MATCH_HTML = "ims_match_html"
# Columns of earlier versions on the invoice itself, moved to ``PI_LINKS`` and dropped
# (patch ``move_invoice_links``): a column MariaDB computed, and its index.
PI_MISSING_PERIOD = "ims_missing_period"

GSTN_SESSION = "IMS GSTN Session"

# Stable markers a caller (the IMS tool) acts on: a Sync Log's ``error_code`` and an API
# error's ``exc_type``.
LOGIN_REQUIRED = "GSTN_LOGIN_REQUIRED"
JOB_LOST = "JOB_LOST"
JOB_CANCELLED = "CANCELLED"
CANCELLED = "Cancelled"

# The most rows one page of a list the tool shows may hold (a longer page is cut to it).
MAX_PAGE = 500

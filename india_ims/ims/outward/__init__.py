"""Frappe layer of the supplier view (FAQ 18, 34), thin over ``gst_india.outward``.

- ``sales``: Sales Invoices of a company GSTIN as ``SalesDocument``s (with or without India Compliance).
- ``store``: IMS Outward Supply and IMS Added Back Liability rows, written in bulk, unchanged rows skipped.
- ``download``: the job body (supplier view and added-back liabilities of one period, then pairing).
- ``pairing``: the period's rows paired with Sales Invoices, results written back.
- ``followup``: follow-up e-mails to counterparties (preview, then send through the Email Queue).
- ``api``: whitelisted, typed, permission-checked entry points for the Desk.
"""

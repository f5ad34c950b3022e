"""Pure GST domain core of india_ims.

Nothing under this package may import frappe or erpnext: it takes plain
dataclasses in and gives plain results out, so every decision it makes can be
tested with plain pytest in seconds and reused by the GSTN sandbox.
"""

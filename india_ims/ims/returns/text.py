"""Text for the reports' exports (no frappe import: tested in CI)."""

from india_ims.gst_india.export_text import csv_text


def as_text(value):
    """Strings a supplier controls, written so a spreadsheet shows them as text (``export_text``)."""
    return csv_text(value) if isinstance(value, str) else value

"""Whitelisted-method arguments as the browser sends them (JSON strings or values), made plain."""

import frappe

from india_ims.gst_india.periods import ReturnPeriod


def as_list(value: str | list | None) -> list:
    value = frappe.parse_json(value) if isinstance(value, str) and value.strip().startswith("[") else value
    if value in (None, ""):
        return []
    return [value] if isinstance(value, str) else list(value)


def as_dict(value: str | dict | None) -> dict:
    value = frappe.parse_json(value) if isinstance(value, str) else value
    return dict(value or {})


def as_period(period: str | None) -> str | None:
    """A return period checked and normalised to MMYYYY (a bad one raises an error naming it)."""
    return str(ReturnPeriod.parse(period)) if period else None

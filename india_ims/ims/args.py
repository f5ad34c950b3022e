"""Whitelisted-method arguments as the browser sends them (JSON strings or values), made plain.

Anything else is a ``frappe.ValidationError`` (HTTP 417) that names the parameter: a dict where a
name or a filter value belongs, a period that is not MMYYYY, a date that is not a date. Nothing
malformed reaches a query, where it would be a 500.
"""

from datetime import date, datetime

import frappe
from frappe import _

from india_ims.gst_india.errors import GstError
from india_ims.gst_india.periods import ReturnPeriod

_SCALARS = (str, int, float, bool)
# Filters whose value is a calendar date (YYYY-MM-DD), and the one matched as text.
DATE_FILTERS = ("date_from", "date_to")
SEARCH_FILTER = "search"
# The records that have left IMS (``summary_left``): 1 only those, 0 every other record. The Action
# Summary's "Left IMS" row opens the Document View on 1, its other rows on 0 (they do not count them).
LEFT_FILTER = "left_ims"
# The filter the Action Summary's rows open their lists on (``summary_replaced``): 1 only the originals
# an amendment of the same period replaces (FAQ 13), 0 every other record.
REPLACED_FILTER = "replaced"


def _json(value, name: str):
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text.startswith(("[", "{")):
        return value
    try:
        return frappe.parse_json(text)
    except ValueError:
        frappe.throw(_("{0} is not valid JSON").format(name), title=_("Invalid argument"))


def as_list(value: str | list | None, name: str = "names") -> list[str]:
    """A list of names (document names, GSTINs): each one text, never an object or a list."""
    value = _json(value, name)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)):
        frappe.throw(_("{0} must be a list of names").format(name), title=_("Invalid argument"))
    for item in value:
        if not isinstance(item, str) or not item.strip():
            frappe.throw(
                _("{0} must be a list of names; {1} is not a name").format(name, _short(item)),
                title=_("Invalid argument"),
            )
    return list(value)


def as_dict(value: str | dict | None, name: str = "filters") -> dict:
    """A flat object: each value text, a number, true/false, empty, or a list of those."""
    value = _json(value, name)
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        frappe.throw(_("{0} must be an object").format(name), title=_("Invalid argument"))
    for key, item in value.items():
        items = item if isinstance(item, (list, tuple)) else [item]
        if not all(part is None or isinstance(part, _SCALARS) for part in items):
            frappe.throw(
                _("{0}.{1} must be a value or a list of values, not {2}").format(name, key, _short(item)),
                title=_("Invalid argument"),
            )
    return dict(value)


def as_filters(value: str | dict | None, name: str = "filters") -> dict:
    """The tool's filters: ``as_dict``, dates checked and normalised, the search text a string."""
    filters = as_dict(value, name)
    for key in DATE_FILTERS:
        if filters.get(key) not in (None, ""):
            filters[key] = as_date(filters[key], f"{name}.{key}")
    search = filters.get(SEARCH_FILTER)
    if search not in (None, "") and not isinstance(search, str):
        frappe.throw(_("{0}.{1} must be text").format(name, SEARCH_FILTER), title=_("Invalid argument"))
    for flag in (LEFT_FILTER, REPLACED_FILTER):
        if filters.get(flag) not in (None, ""):
            filters[flag] = as_flag(filters[flag], f"{name}.{flag}")
    return filters


def as_flag(value, name: str) -> int:
    """1 or 0, from what a browser sends for them (a number, its text, true/false)."""
    if value in (1, "1", "true"):
        return 1
    if value in (0, "0", "false"):
        return 0
    frappe.throw(_("{0} must be 1 or 0, not {1}").format(name, _short(value)), title=_("Invalid argument"))


def as_date(value, name: str) -> str:
    """A calendar date as YYYY-MM-DD (the format the browser's date fields send)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        frappe.throw(
            _("{0} must be a date (YYYY-MM-DD), not {1}").format(name, _short(value)),
            title=_("Invalid argument"),
        )


def as_period(period: str | None, name: str = "period") -> str | None:
    """A return period checked and normalised to MMYYYY (a bad one raises an error naming it)."""
    if period in (None, ""):
        return None
    if not isinstance(period, (str, int)):
        frappe.throw(_("{0} must be a return period (MMYYYY)").format(name), title=_("Invalid argument"))
    try:
        return str(ReturnPeriod.parse(str(period)))
    except (GstError, ValueError) as error:
        frappe.throw(_("{0}: {1}").format(name, error), title=_("Invalid argument"))


def like_pattern(text: str) -> str:
    """``%text%`` for a LIKE that matches the characters typed: ``%``, ``_`` and ``\\`` are literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

"""Text for exports (no frappe import: tested in CI)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """A leading quote keeps a spreadsheet from running text such as '=HYPERLINK(...)' a supplier sent."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value

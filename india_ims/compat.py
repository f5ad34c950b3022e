"""What differs between the Frappe versions india_ims runs on (15 and 16), in one place.

Checked against frappe 15.101 / erpnext 15.99 and frappe 16.9 / erpnext 16.9. Only calls whose
name, place or meaning changed are here; the rest of the app calls frappe directly:

- test base class: ``frappe.tests.IntegrationTestCase`` (16) vs ``frappe.tests.utils.FrappeTestCase`` (15,
  which 16 keeps only as a deprecated alias);
- the Desk's address: ``/desk`` (16; ``/app/...`` answers with a redirect) vs ``/app`` (15);
- list paging: ``get_all``/``get_list`` take ``limit=`` on both (0 = every row); 16 warns on
  ``limit_page_length``/``limit_start``/``start``/``page_length``, so the app writes ``limit=`` (a static
  test keeps it so); an offset is ``offset`` on 16 and ``limit_start`` on 15 (which has no ``offset``):
  ``list_page()`` gives the pair.

Same on both, so not wrapped (the bench tests in ``india_ims/tests/test_ims_compat.py`` would fail if a
version changed them): ``frappe.enqueue`` with ``job_id``/``deduplicate``/``enqueue_after_commit``,
``frappe.utils.background_jobs.is_job_enqueued``, argument validation of whitelisted methods from their
annotations (``frappe.FrappeTypeError``), and raw SQL aggregates. Frappe 16 refuses SQL functions written
as strings in ``get_all``/``get_list`` fields (``"count(*) as n"``): ``aggregate()`` writes them (a static
test finds any string one).

No frappe import at module level: the pure rules (``major``, ``desk_prefix``, ``desk_path``,
``list_page``, ``aggregate``) are tested without a bench.
"""

from __future__ import annotations

import re
from urllib.parse import quote

V16 = 16  # the version that moved the Desk from /app to /desk
_VERSION = re.compile(r"^\s*v?(\d+)\.")


def major(version: str) -> int:
    """The major version in a Frappe version string ("16.9.0", "15.101.1", "v16.0.0-dev")."""
    found = _VERSION.match(version or "")
    if not found:
        raise ValueError(f"not a Frappe version: {version!r}")
    return int(found.group(1))


def frappe_major() -> int:
    import frappe

    return major(frappe.__version__)


def desk_prefix(version_major: int | None = None) -> str:
    """Where the Desk lives: "/app" up to v15, "/desk" from v16."""
    if version_major is None:
        version_major = frappe_major()
    return "/desk" if version_major >= V16 else "/app"


def slug(doctype_or_page: str) -> str:
    """A DocType or page name as the Desk's router writes it ("Purchase Invoice" -> "purchase-invoice")."""
    return doctype_or_page.strip().lower().replace(" ", "-").replace("_", "-")


def desk_path(route: str, name: str | None = None, version_major: int | None = None) -> str:
    """The Desk address of a page, list or form: desk_path("Purchase Invoice", "PI-1", 16) ->
    "/desk/purchase-invoice/PI-1"."""
    path = f"{desk_prefix(version_major)}/{quote(slug(route), safe='')}"
    return f"{path}/{quote(name, safe='')}" if name else path


def list_page(limit: int, offset: int = 0, version_major: int | None = None) -> dict:
    """``frappe.get_all``/``get_list`` keyword arguments for one page: ``**compat.list_page(50, 100)``."""
    kwargs = {"limit": int(limit)}
    if offset:
        if version_major is None:
            version_major = frappe_major()
        kwargs["offset" if version_major >= V16 else "limit_start"] = int(offset)
    return kwargs


def aggregate(function: str, field: str, alias: str, version_major: int | None = None) -> str | dict:
    """A ``get_all``/``get_list`` field computing ``function(field) as alias``: the string 15 takes, the
    dict 16 requires (it refuses SQL functions written as strings)."""
    if version_major is None:
        version_major = frappe_major()
    if version_major >= V16:
        return {function.upper(): field, "as": alias}
    return f"{function.lower()}({field}) as {alias}"


def test_case_class() -> type:
    """The base class of the bench tests (imported on demand: test code, not for production)."""
    try:
        from frappe.tests import IntegrationTestCase  # v16

        return IntegrationTestCase
    except ImportError:  # v15
        from frappe.tests.utils import FrappeTestCase

        return FrappeTestCase


def forget_table_columns(table: str) -> None:
    """Drop the cached column list of ``table`` ("tabPurchase Invoice") after an ALTER that adds or
    drops a column: Frappe 15 keeps it in the Redis hash ``table_columns``, Frappe 16 under
    ``table_columns::<table>`` in its client cache; a stale list made the next check skip a column
    just dropped (or add one twice)."""
    import frappe

    frappe.cache.hdel("table_columns", table)
    client_cache = getattr(frappe, "client_cache", None)
    if client_cache is not None:
        client_cache.delete_value(f"table_columns::{table}")

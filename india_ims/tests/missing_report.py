"""What the Missing in IMS query and the stored rows each say, for the message of a failing test.

The page (``missing_in_ims.missing_in_ims``) finds its invoices through the invoices' links
(``pi_links``), the tests' other assertions read the rows themselves. A test that saw the two disagree
(an empty page over rows that say "Missing in IMS") could not tell why, and it did not happen again in
dozens of runs (it was seen when the period was a column MariaDB computed on the invoice). This report
is what the next failure has to show to tell the causes apart: the plan the server chose, the query on
a new connection, each invoice's stored links, the tables' statistics and this connection's
transaction. A section the site's database user may not read says so and the rest still prints.
"""

from __future__ import annotations

import frappe

from india_ims.ims import missing_in_ims, pi_links
from india_ims.ims.purchases import field_map


def report(gstin: str, period: str, page=None, expected_names=()) -> str:
    """Lines naming each reading of the period's invoices Missing in IMS for ``gstin``; ``page``:
    the rows the test got, ``expected_names``: the invoices the stored rows say belong on it."""
    values = {"gstin": gstin, "period": period, "limit": 50, "offset": 0}
    query = missing_in_ims.missing_in_ims_sql()
    column = field_map()["company_gstin"]
    lines = [
        f"Missing in IMS for {gstin} {period}: the test's page {_names(page)}, "
        f"the stored rows say {sorted(expected_names)}",
    ]
    sections = (
        ("the page's query now", lambda: _names(frappe.db.sql(query, values, as_dict=True))),
        ("EXPLAIN", lambda: _plan(query, values)),
        ("the page's query on a new connection (a new transaction)", lambda: _elsewhere(query, values)),
        (
            "count(*) as the Match Summary reads it",
            lambda: missing_in_ims.missing_in_ims_summary(gstin, period),
        ),
        (
            "the invoices (name, GSTIN, docstatus, and their links: record, status, period)",
            lambda: _rows(column, gstin, expected_names),
        ),
        ("statistics", _statistics),
        ("this connection's transaction and the server's", _transactions),
    )
    for title, read in sections:
        try:
            lines.append(f"{title}: {read()}")
        except Exception as error:  # the report must still print the rest
            lines.append(f"{title}: could not read ({error})")
    return "\n".join(lines)


def _names(rows) -> list:
    return None if rows is None else sorted(row["name"] for row in rows)


def _elsewhere(query: str, values: dict) -> list:
    from india_ims.ims import side_write

    db = side_write.connect()
    try:
        return _names(db.sql(query, values, as_dict=True))
    finally:
        db.close()


def _plan(query: str, values: dict) -> list:
    keep = ("table", "type", "possible_keys", "key", "key_len", "ref", "rows", "Extra")
    return [{k: row.get(k) for k in keep} for row in frappe.db.sql("explain " + query, values, as_dict=True)]


def _rows(column: str, gstin: str, expected_names) -> list:
    names = list(expected_names) or [""]
    return [
        tuple(row)
        for row in frappe.db.sql(
            f"select pi.name, pi.`{column}`, pi.docstatus, lk.ims_inward_supply, lk.ims_match_status, "
            f"lk.ims_period from `tabPurchase Invoice` pi {pi_links.join()} "
            f"where pi.name in %(names)s "
            f"or (pi.`{column}` = %(gstin)s and lk.ims_match_status = 'Missing in IMS') "
            "order by pi.name",
            {"names": names, "gstin": gstin},
        )
    ]


def _statistics() -> dict:
    found = {
        "index": [
            (row.Seq_in_index, row.Column_name, row.Cardinality)
            for row in frappe.db.sql(
                f"show index from {pi_links.TABLE} where Key_name = 'period_status'", as_dict=True
            )
        ],
        "version": frappe.db.sql("select version()")[0][0],
    }
    found["table"] = frappe.db.sql(
        "select table_rows, update_time, now() from information_schema.tables "
        "where table_schema = database() and table_name = 'tabIMS Purchase Link'"
    )
    try:
        found["innodb_table_stats"] = frappe.db.sql(
            "select n_rows, clustered_index_size, last_update from mysql.innodb_table_stats "
            "where database_name = database() and table_name = 'tabPurchase Invoice'"
        )
    except Exception as error:
        found["innodb_table_stats"] = f"not readable ({error})"
    return found


def _transactions() -> dict:
    found = {"isolation": frappe.db.sql("select @@session.tx_isolation")[0][0]}
    try:
        found["own"] = frappe.db.sql(
            "select trx_id, trx_state, trx_started, trx_rows_modified from information_schema.innodb_trx "
            "where trx_mysql_thread_id = connection_id()"
        )
        found["oldest open on the server"] = frappe.db.sql(
            "select count(*), min(trx_started) from information_schema.innodb_trx"
        )
        found["purge backlog (history list length)"] = frappe.db.sql(
            "select count from information_schema.innodb_metrics where name = 'trx_rseg_history_len'"
        )
    except Exception as error:
        found["server"] = f"not readable ({error})"
    return found

"""The invoices' IMS links live in ``IMS Purchase Link`` (``pi_links``), not on the Purchase Invoice:
a first download links a lakh of invoices, and writing them on the invoice's own row grew every row
(issue 16). What reads them reads that table by index (EXPLAIN, never a time), and an earlier install's
columns are moved there by the patch ``move_invoice_links``."""

from unittest import mock

import frappe
from frappe.desk.form.load import getdoc

from india_ims.compat import forget_table_columns
from india_ims.ims import missing_in_ims, pi_links, side_write
from india_ims.ims.constants import (
    PI_DRAFTED_FROM,
    PI_LINK,
    PI_LINKS,
    PI_MATCH_REASON,
    PI_MATCH_STATUS,
    PI_MISSING_PERIOD,
    PI_PERIOD,
)
from india_ims.ims.outward import followup
from india_ims.ims.purchases import field_map
from india_ims.patches import move_invoice_links
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

COLUMNS = (PI_LINK, PI_MATCH_STATUS, PI_PERIOD, PI_MATCH_REASON)
GSTIN = "27AAAPA1234A1Z5"


def _indexes(table: str) -> dict[str, list[str]]:
    rows = frappe.db.sql(f"show index from `{table}`", as_dict=True)
    columns: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: (r.Key_name, r.Seq_in_index)):
        columns.setdefault(row.Key_name, []).append(row.Column_name)
    return columns


def _invoice(docstatus: int) -> str | None:
    return frappe.db.get_value("Purchase Invoice", {"docstatus": docstatus}, "name")


class TestInvoiceLinks(BaseTestCase):
    def test_the_invoice_row_carries_no_link_column_and_no_index_on_one(self):
        present = set(frappe.db.get_table_columns("Purchase Invoice"))
        self.assertFalse(present & {*COLUMNS, PI_MISSING_PERIOD}, present)
        for column in COLUMNS:
            self.assertFalse(frappe.db.exists("Custom Field", f"Purchase Invoice-{column}"), column)
        self.assertNotIn("ims_gstin_missing", _indexes("tabPurchase Invoice"))
        self.assertEqual(_indexes(f"tab{PI_LINKS}")["period_status"], [PI_PERIOD, PI_MATCH_STATUS])

    def test_an_accountant_reads_an_invoice_s_links_on_its_form_and_not_in_the_table(self):
        # the table has no company of its own for a User Permission to narrow: System Manager only
        name = _invoice(1)
        if not name:
            self.skipTest("no submitted Purchase Invoice on this site")
        company = frappe.db.get_value("Purchase Invoice", name, "company")
        accountant = helpers.user("ims-links-user@example.com", ["Accounts User"], company)
        kept = pi_links.get_all(name)
        pi_links.update(name, {PI_LINK: "R-FORM", PI_MATCH_STATUS: "Exact Match", PI_PERIOD: helpers.PERIOD})
        try:
            frappe.set_user(accountant)
            self.assertFalse(frappe.has_permission(PI_LINKS, "read"))
            getdoc("Purchase Invoice", name)  # as the form loads it: permission, then onload
            shown = frappe.response.docs[-1].get_onload().ims_match
            self.assertEqual((shown["record"], shown["status"]), ("R-FORM", "Exact Match"))
        finally:
            frappe.set_user("Administrator")
            pi_links.delete([name])
            if any(kept.values()):
                pi_links.write([{"name": name, **kept}])
            frappe.db.commit()

    def test_write_replaces_an_invoice_s_links_whole_and_update_sets_some(self):
        name = _invoice(1) or _invoice(0)
        if not name:
            self.skipTest("no Purchase Invoice on this site")
        pi_links.write([{"name": name, PI_LINK: "R1", PI_MATCH_STATUS: "Exact Match", PI_PERIOD: "102026"}])
        self.assertEqual(
            pi_links.get_all(name),
            {PI_LINK: "R1", PI_MATCH_STATUS: "Exact Match", PI_PERIOD: "102026", PI_MATCH_REASON: None},
        )
        pi_links.update(name, {PI_LINK: None, PI_MATCH_STATUS: "Missing in IMS", PI_MATCH_REASON: "why"})
        self.assertEqual(
            pi_links.get_all(name),
            {PI_LINK: None, PI_MATCH_STATUS: "Missing in IMS", PI_PERIOD: "102026", PI_MATCH_REASON: "why"},
        )
        self.assertEqual(pi_links.current([name]), {name: (None, "Missing in IMS", "102026", "why")})
        with self.assertRaises(ValueError):
            pi_links.update(name, {"bill_no": "X"})
        pi_links.delete([name])
        self.assertEqual(pi_links.get_all(name), dict.fromkeys(COLUMNS))

    def test_a_job_writing_links_leaves_the_gaps_beside_them_free_for_another_job(self):
        # Two GSTINs' jobs whose invoices' names interleave: one rewrites invoice B's stored links or
        # links a new invoice C, uncommitted; the other links invoice A, whose name sorts just before
        # B (and C). A duplicate primary key locks its record alone, a new row an insert's own, so A
        # is written at once; a lock on the gap would make it wait.
        stored, new, inserted = "IMS-LOCKTEST-B", "IMS-LOCKTEST-C", "IMS-LOCKTEST-A"
        links = {PI_LINK: "R1", PI_MATCH_STATUS: "Exact Match", PI_PERIOD: helpers.PERIOD}
        pi_links.delete([stored, new, inserted])
        pi_links.write([{"name": stored, **links}])
        frappe.db.commit()
        main = frappe.local.db
        try:
            # the last: a control, the other job locking the gap itself, so A waits
            for other_writes in ([stored], [new], [stored, new], None):
                other = side_write.connect()
                frappe.local.db = other
                try:
                    if other_writes is None:
                        # a range read from before A: the next-key lock on B holds the gap A goes into
                        before = f"select name from {pi_links.TABLE} where name > 'IMS-LOCKTEST-'"
                        frappe.db.sql(f"{before} for update")
                    else:
                        changed = {**links, PI_MATCH_STATUS: "Mismatch"}
                        pi_links.write([{"name": name, **changed} for name in other_writes])
                finally:
                    frappe.local.db = main
                main.sql("set session innodb_lock_wait_timeout = 1")
                try:
                    if other_writes is None:
                        with self.assertRaises(frappe.QueryTimeoutError):
                            pi_links.write([{"name": inserted, **links}])
                    else:
                        pi_links.write([{"name": inserted, **links}])  # QueryTimeoutError if it waited
                        self.assertEqual(pi_links.get(inserted, PI_MATCH_STATUS), "Exact Match")
                finally:
                    main.rollback()
                    main.sql("set session innodb_lock_wait_timeout = 50")
                    other.rollback()
                    other.close()
            self.assertEqual(pi_links.get_all(stored)[PI_MATCH_STATUS], "Exact Match")  # rolled back
            self.assertIsNone(pi_links.get(new, PI_MATCH_STATUS))
        finally:
            frappe.local.db = main
            pi_links.delete([stored, new, inserted])
            frappe.db.commit()

    def test_the_missing_in_ims_reads_take_the_period_s_links_by_index_then_each_invoice_by_name(self):
        values = {"gstin": GSTIN, "period": helpers.PERIOD, "limit": 50, "offset": 0}
        for query in (missing_in_ims.missing_in_ims_summary_sql(), missing_in_ims.missing_in_ims_sql()):
            plan = frappe.db.sql("explain " + query, values, as_dict=True)
            found = [(row.table, row.key) for row in plan]
            self.assertEqual(found, [("lk", "period_status"), ("pi", "PRIMARY")], plan)

    def test_the_supplier_follow_up_s_missing_invoices_read_the_links_index(self):
        queries_seen = []
        real = frappe.db.sql

        def spy(query, *args, **kwargs):
            if f"tab{PI_LINKS}" in str(query):
                queries_seen.append((str(query), args[0] if args else kwargs.get("values")))
            return real(query, *args, **kwargs)

        with mock.patch.object(frappe.db, "sql", spy):
            followup.supplier_items(GSTIN, helpers.PERIOD)
        self.assertTrue(queries_seen)
        for query, values in queries_seen:
            plan = real("explain " + query, values, as_dict=True)
            self.assertEqual(plan[0].key, "period_status", plan)

    def test_the_patch_moves_an_earlier_install_s_link_columns_off_the_invoice(self):
        submitted, draft = _invoice(1), _invoice(0)
        if not submitted or not draft:
            self.skipTest("needs a submitted and a draft Purchase Invoice")
        gstin = field_map()["company_gstin"]
        kept = {name: pi_links.get_all(name) for name in (submitted, draft)}
        drafted = frappe.db.get_value("Purchase Invoice", draft, PI_DRAFTED_FROM)
        pi_links.delete([submitted, draft])
        frappe.db.set_value("Purchase Invoice", draft, PI_DRAFTED_FROM, None, update_modified=False)
        frappe.db.commit()
        # as an earlier install left the invoice table (ALTER commits)
        frappe.db.sql_ddl(
            "alter table `tabPurchase Invoice` "
            f"add column `{PI_LINK}` varchar(140), add column `{PI_MATCH_STATUS}` varchar(140), "
            f"add column `{PI_PERIOD}` varchar(6), add column `{PI_MATCH_REASON}` text, "
            f"add column `{PI_MISSING_PERIOD}` varchar(6) as "
            f"(if(`{PI_MATCH_STATUS}` = 'Missing in IMS', `{PI_PERIOD}`, null)) persistent, "
            f"add index `ims_gstin_missing` (`{gstin}`, `{PI_MISSING_PERIOD}`, docstatus)"
        )
        forget_table_columns("tabPurchase Invoice")
        try:
            frappe.db.sql(
                f"update `tabPurchase Invoice` set `{PI_MATCH_STATUS}` = 'Missing in IMS', "
                f"`{PI_PERIOD}` = %s, `{PI_MATCH_REASON}` = 'no record' where name = %s",
                (helpers.PERIOD, submitted),
            )
            frappe.db.sql(f"update `tabPurchase Invoice` set `{PI_LINK}` = 'R-DRAFT' where name = %s", draft)
            field = {"doctype": "Custom Field", "dt": "Purchase Invoice", "fieldname": PI_PERIOD}
            frappe.get_doc({**field, "fieldtype": "Data", "label": "IMS Reconciled Period"}).db_insert()
            frappe.db.commit()
            move_invoice_links.execute()
            self.assertEqual(
                pi_links.get_all(submitted),
                {
                    PI_LINK: None,
                    PI_MATCH_STATUS: "Missing in IMS",
                    PI_PERIOD: helpers.PERIOD,
                    PI_MATCH_REASON: "no record",
                },
            )
            # a draft made from a record keeps the record as its own field, and is judged at submit
            self.assertEqual(pi_links.get_all(draft), dict.fromkeys(COLUMNS))
            self.assertEqual(frappe.db.get_value("Purchase Invoice", draft, PI_DRAFTED_FROM), "R-DRAFT")
            present = set(frappe.db.get_table_columns("Purchase Invoice"))
            self.assertFalse(present & {*COLUMNS, PI_MISSING_PERIOD}, present)
            self.assertNotIn("ims_gstin_missing", _indexes("tabPurchase Invoice"))
            self.assertFalse(frappe.db.exists("Custom Field", f"Purchase Invoice-{PI_PERIOD}"))
            move_invoice_links.execute()  # again: nothing left to move
            self.assertEqual(pi_links.get(submitted, PI_MATCH_STATUS), "Missing in IMS")
        finally:
            present = frappe.db.get_table_columns("Purchase Invoice")
            move_invoice_links.drop_old(present)
            pi_links.delete([submitted, draft])
            pi_links.write([{"name": name, **links} for name, links in kept.items() if any(links.values())])
            frappe.db.set_value("Purchase Invoice", draft, PI_DRAFTED_FROM, drafted, update_modified=False)
            frappe.db.commit()

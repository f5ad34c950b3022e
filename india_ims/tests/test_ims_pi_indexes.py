"""The Purchase Invoice's IMS period has no index of its own (EXPLAIN, never a time): each query on it
also names the company GSTIN, and may read the index that starts with both (``ims_gstin_period_status``);
a site migrated before loses the lone one (patch ``drop_pi_period_index``)."""

from unittest import mock

import frappe

from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import PI_INDEX
from india_ims.ims.constants import PI_LINK, PI_MATCH_STATUS, PI_PERIOD
from india_ims.ims.outward import followup
from india_ims.ims.purchases import field_map
from india_ims.patches import drop_pi_link_index, drop_pi_period_index
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase


def _indexes() -> dict[str, list[str]]:
    rows = frappe.db.sql("show index from `tabPurchase Invoice`", as_dict=True)
    columns: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: (r.Key_name, r.Seq_in_index)):
        columns.setdefault(row.Key_name, []).append(row.Column_name)
    return columns


class TestPurchaseInvoiceIndexes(BaseTestCase):
    def test_the_period_leads_no_index_but_follows_the_gstin_in_the_covering_one(self):
        columns = _indexes()
        self.assertEqual(columns[PI_INDEX][:3], [field_map()["company_gstin"], PI_PERIOD, PI_MATCH_STATUS])
        self.assertFalse([name for name, cols in columns.items() if cols[0] == PI_PERIOD], columns)
        self.assertFalse(frappe.db.get_value("Custom Field", f"Purchase Invoice-{PI_PERIOD}", "search_index"))

    def test_the_reconciliation_s_lookup_of_a_period_s_invoices_reads_the_gstin_period_index(self):
        # what ``reconcile.plan_writes`` plucks through frappe.get_all, written out: on Frappe 16
        # ``get_all(run=0)`` gives a query object, not text to prefix with EXPLAIN
        plan = frappe.db.sql(
            f"explain select name from `tabPurchase Invoice` where `{PI_PERIOD}` = %s "
            f"and `{field_map()['company_gstin']}` = %s",
            (helpers.PERIOD, "27AAAPA1234A1Z5"),
            as_dict=True,
        )
        # Few invoices here: MariaDB may take the GSTIN's own index; with a lakh it takes the composite.
        self.assertIn(PI_INDEX, plan[0].possible_keys.split(","), plan)
        self.assertEqual(plan[0].type, "ref", plan)

    def test_the_supplier_follow_up_s_missing_invoices_read_an_index_on_the_gstin(self):
        queries = []
        real = frappe.db.sql

        def spy(query, *args, **kwargs):
            if PI_PERIOD in str(query) and "tabPurchase Invoice" in str(query):
                queries.append((str(query), args[0] if args else kwargs.get("values")))
            return real(query, *args, **kwargs)

        with mock.patch.object(frappe.db, "sql", spy):
            followup.supplier_items("27AAAPA1234A1Z5", helpers.PERIOD)
        self.assertTrue(queries)
        for query, values in queries:
            plan = real("explain " + query, values, as_dict=True)
            self.assertIn(PI_INDEX, plan[0].possible_keys.split(","), plan)
            self.assertEqual(plan[0].type, "ref", plan)

    def test_the_patch_drops_a_lone_period_index_left_by_an_earlier_install(self):
        frappe.db.sql_ddl(f"alter table `tabPurchase Invoice` add index `ims_period_index` (`{PI_PERIOD}`)")
        frappe.db.set_value("Custom Field", f"Purchase Invoice-{PI_PERIOD}", "search_index", 1)
        try:
            self.assertIn("ims_period_index", _indexes())
            drop_pi_period_index.execute()
            self.assertNotIn("ims_period_index", _indexes())
            self.assertIn(PI_INDEX, _indexes())
            field = f"Purchase Invoice-{PI_PERIOD}"
            self.assertEqual(frappe.db.get_value("Custom Field", field, "search_index"), 0)
            drop_pi_period_index.execute()  # again: nothing left to drop
        finally:
            if "ims_period_index" in _indexes():
                frappe.db.sql_ddl("alter table `tabPurchase Invoice` drop index `ims_period_index`")
            frappe.db.set_value("Custom Field", f"Purchase Invoice-{PI_PERIOD}", "search_index", 0)

    def test_the_link_to_the_ims_record_has_no_index_and_the_patch_drops_an_earlier_one(self):
        field = f"Purchase Invoice-{PI_LINK}"
        self.assertFalse([name for name, cols in _indexes().items() if cols == [PI_LINK]])
        self.assertFalse(frappe.db.get_value("Custom Field", field, "search_index"))
        frappe.db.sql_ddl(
            f"alter table `tabPurchase Invoice` add index `ims_inward_supply_index` (`{PI_LINK}`)"
        )
        frappe.db.set_value("Custom Field", field, "search_index", 1)
        try:
            drop_pi_link_index.execute()
            self.assertNotIn("ims_inward_supply_index", _indexes())
            self.assertEqual(frappe.db.get_value("Custom Field", field, "search_index"), 0)
            drop_pi_link_index.execute()  # again: nothing left to drop
        finally:
            if "ims_inward_supply_index" in _indexes():
                frappe.db.sql_ddl("alter table `tabPurchase Invoice` drop index `ims_inward_supply_index`")
            frappe.db.set_value("Custom Field", field, "search_index", 0)

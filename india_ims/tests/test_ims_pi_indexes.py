"""The Purchase Invoice's IMS period and match status are in no index (EXPLAIN, never a time): a first
download links a lakh of invoices, and every index on them was rewritten for each. The Missing in IMS
figures read ``ims_gstin_missing`` on a column MariaDB computes from the two (``PI_MISSING_PERIOD``),
which changes only for the invoices Missing in IMS; a site migrated before loses the lone period index
(patch ``drop_pi_period_index``) and the one that led with the GSTIN and period."""

from unittest import mock

import frappe

from india_ims.compat import forget_table_columns
from india_ims.gst_ims.doctype.ims_inward_supply import ims_inward_supply
from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import PI_INDEX
from india_ims.ims.constants import PI_LINK, PI_MATCH_STATUS, PI_MISSING_PERIOD, PI_PERIOD
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
    def test_no_index_holds_the_period_or_the_status_a_link_writes(self):
        columns = _indexes()
        leading = [field_map()["company_gstin"], PI_MISSING_PERIOD, "docstatus"]
        self.assertEqual(columns[PI_INDEX][:3], leading)
        written = {PI_PERIOD, PI_MATCH_STATUS, PI_LINK}
        self.assertFalse({name for name, cols in columns.items() if written & set(cols)}, columns)
        self.assertFalse(frappe.db.get_value("Custom Field", f"Purchase Invoice-{PI_PERIOD}", "search_index"))

    def test_the_missing_period_is_the_period_of_an_invoice_missing_in_ims_and_null_for_others(self):
        name = frappe.db.get_value("Purchase Invoice", {"docstatus": 1}, "name") or frappe.db.get_value(
            "Purchase Invoice", {}, "name"
        )
        if not name:
            self.skipTest("no Purchase Invoice on this site")
        for status, period, expected in (
            ("Missing in IMS", helpers.PERIOD, helpers.PERIOD),
            ("Exact Match", helpers.PERIOD, None),
            ("", "", None),
        ):
            frappe.db.set_value(
                "Purchase Invoice", name, {PI_MATCH_STATUS: status, PI_PERIOD: period}, update_modified=False
            )
            got = frappe.db.sql(
                f"select `{PI_MISSING_PERIOD}` from `tabPurchase Invoice` where name = %s", name
            )
            self.assertEqual(got[0][0], expected, status)

    def test_the_reconciliation_s_lookup_of_a_period_s_invoices_reads_an_index_on_the_gstin(self):
        # what ``reconcile.plan_writes`` plucks through frappe.get_all, written out: the GSTIN's
        # invoices are read on its index, and their period from the rows (a few hundredths of a second
        # at a lakh, against 1.4 s of index writes per first download when the period was indexed)
        plan = frappe.db.sql(
            f"explain select name from `tabPurchase Invoice` where `{PI_PERIOD}` = %s "
            f"and `{field_map()['company_gstin']}` = %s",
            (helpers.PERIOD, "27AAAPA1234A1Z5"),
            as_dict=True,
        )
        self.assertEqual(plan[0].type, "ref", plan)

    def test_the_supplier_follow_up_s_missing_invoices_read_the_missing_index(self):
        queries_seen = []
        real = frappe.db.sql

        def spy(query, *args, **kwargs):
            if PI_MISSING_PERIOD in str(query) and "tabPurchase Invoice" in str(query):
                queries_seen.append((str(query), args[0] if args else kwargs.get("values")))
            return real(query, *args, **kwargs)

        with mock.patch.object(frappe.db, "sql", spy):
            followup.supplier_items("27AAAPA1234A1Z5", helpers.PERIOD)
        self.assertTrue(queries_seen)
        for query, values in queries_seen:
            plan = real("explain " + query, values, as_dict=True)
            self.assertIn(PI_INDEX, plan[0].possible_keys.split(","), plan)
            self.assertEqual(plan[0].type, "ref", plan)

    def test_the_missing_period_is_stored_in_the_row_not_computed_on_reading(self):
        # VIRTUAL, a page read through its index came back empty over entries and rows that both held
        # the period, while other transactions were open (``_missing_in_ims_index`` says more)
        self.assertEqual(ims_inward_supply.missing_period_kind(), "STORED")

    def test_migrate_makes_the_virtual_missing_period_of_an_earlier_install_stored(self):
        gstin = field_map()["company_gstin"]
        name = frappe.db.get_value("Purchase Invoice", {}, "name")
        before = frappe.db.get_value("Purchase Invoice", name, [PI_MATCH_STATUS, PI_PERIOD]) if name else None
        if name:
            frappe.db.set_value(
                "Purchase Invoice", name, {PI_MATCH_STATUS: "Missing in IMS", PI_PERIOD: helpers.PERIOD},
                update_modified=False,
            )
            frappe.db.commit()
        try:
            # as an install before this change left it
            frappe.db.sql_ddl(f"alter table `tabPurchase Invoice` drop index `{PI_INDEX}`")
            ims_inward_supply.drop_missing_in_ims_column()
            frappe.db.sql_ddl(
                f"alter table `tabPurchase Invoice` add column `{PI_MISSING_PERIOD}` varchar(6) as "
                f"(if(`{PI_MATCH_STATUS}` = 'Missing in IMS', `{PI_PERIOD}`, null)) virtual, "
                f"add index `{PI_INDEX}` (`{gstin}`, `{PI_MISSING_PERIOD}`, docstatus, base_net_total, "
                "base_total_taxes_and_charges)"
            )
            forget_table_columns("tabPurchase Invoice")
            self.assertEqual(ims_inward_supply.missing_period_kind(), "VIRTUAL")
            ims_inward_supply._missing_in_ims_index()
            self.assertEqual(ims_inward_supply.missing_period_kind(), "STORED")
            self.assertEqual(
                _indexes()[PI_INDEX],
                [gstin, PI_MISSING_PERIOD, "docstatus", "base_net_total", "base_total_taxes_and_charges"],
            )
            if name:
                got = frappe.db.sql(
                    f"select `{PI_MISSING_PERIOD}` from `tabPurchase Invoice` where name = %s", name
                )
                self.assertEqual(got[0][0], helpers.PERIOD)
            ims_inward_supply._missing_in_ims_index()  # again: nothing to do
            self.assertEqual(ims_inward_supply.missing_period_kind(), "STORED")
        finally:
            ims_inward_supply._missing_in_ims_index()
            if name:
                frappe.db.set_value(
                    "Purchase Invoice", name, dict(zip((PI_MATCH_STATUS, PI_PERIOD), before, strict=True)),
                    update_modified=False,
                )
                frappe.db.commit()

    def test_migrate_replaces_the_index_on_the_period_and_status(self):
        gstin = field_map()["company_gstin"]
        frappe.db.sql_ddl(
            f"alter table `tabPurchase Invoice` add index `ims_gstin_period_status` "
            f"(`{gstin}`, `{PI_PERIOD}`, `{PI_MATCH_STATUS}`)"
        )
        try:
            ims_inward_supply._missing_in_ims_index()
            self.assertNotIn("ims_gstin_period_status", _indexes())
            self.assertIn(PI_INDEX, _indexes())
            ims_inward_supply._missing_in_ims_index()  # again: nothing to do
        finally:
            if "ims_gstin_period_status" in _indexes():
                frappe.db.sql_ddl("alter table `tabPurchase Invoice` drop index `ims_gstin_period_status`")

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

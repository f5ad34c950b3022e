"""How the link dialog finds its candidate invoices (``link_candidates.pool_sql``): the supplier's
invoices of the company GSTIN through the index on the two GSTINs, the bill number's through its
own, never every invoice of the GSTIN (EXPLAIN, never a time). Without it each record opened read
the GSTIN's lakh of invoices (0.37 s), and on India Compliance's GSTIN field, which has no index,
every invoice of the site."""

from datetime import date

import frappe

from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import PI_SUPPLIER_INDEX
from india_ims.ims import link_candidates
from india_ims.ims.purchases import field_map
from india_ims.tests.helpers import BaseTestCase
from india_ims.tests.plans import plan_tables


class TestLinkPoolPlan(BaseTestCase):
    def test_the_gstins_of_an_invoice_are_indexed_together(self):
        rows = frappe.db.sql(
            "show index from `tabPurchase Invoice` where Key_name = %s", PI_SUPPLIER_INDEX, as_dict=True
        )
        columns = [row.Column_name for row in sorted(rows, key=lambda row: row.Seq_in_index)]
        self.assertEqual(columns, [field_map()["company_gstin"], field_map()["supplier_gstin"]])

    def test_the_candidates_may_be_read_on_the_index_of_the_two_gstins(self):
        values = {
            "gstin": "27AAAPA1234A1Z5",
            "supplier": "29AABCS1234A1Z5",
            "start": date(2025, 10, 1),
            "end": date(2027, 11, 30),
            "number": "INV-1",
            "day": date(2026, 11, 1),
        }
        [table] = plan_tables(link_candidates.pool_sql(), values)
        self.assertIn(PI_SUPPLIER_INDEX, table.get("possible_keys", []), table)

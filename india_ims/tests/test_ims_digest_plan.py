"""The reconciliation digest's read of the invoices names no plan that hangs on InnoDB's statistics
(EXPLAIN, never a time): right after a first download of a lakh, before the statistics caught up,
MariaDB materialised every record of the table for the invoices' ``IN (...)`` (0.74 s against
0.15 s). The invoices a period's records name are looked up one by one on ``purchase_invoice``."""

from unittest import mock

import frappe

from india_ims.ims import reconcile
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase


class TestDigestPlan(BaseTestCase):
    def test_the_invoices_named_by_the_period_s_records_are_looked_up_not_materialised(self):
        queries = []
        real = frappe.db.sql

        def spy(query, *args, **kwargs):
            if "tabPurchase Invoice" in str(query) and "md5" in str(query):
                queries.append((str(query), args[0] if args else kwargs.get("values")))
            return real(query, *args, **kwargs)

        with mock.patch.object(frappe.db, "sql", spy):
            reconcile.state_digest("27AAAPA1234A1Z5", helpers.PERIOD, reconcile.match_settings())
        self.assertEqual(len(queries), 1)
        query, values = queries[0]
        prefix, _, select = query.partition(" for ")
        self.assertIn("semijoin=off", prefix)
        self.assertIn("materialization=off", prefix)
        # EXPLAIN of the statement under the same switches
        plan = real(f"{prefix} for explain {select}", values, as_dict=True)
        kinds = {(row.select_type, row.table, row.key) for row in plan}
        self.assertFalse([k for k in kinds if k[0] == "MATERIALIZED" or "subquery" in str(k[1])], kinds)
        looked_up = [row for row in plan if row.table == "tabIMS Inward Supply"]
        lookups = [(r.select_type, r.key) for r in looked_up]
        self.assertEqual(lookups, [("DEPENDENT SUBQUERY", "purchase_invoice")], plan)

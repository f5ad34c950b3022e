"""The IMS Tool's queries use the indexes made for them (EXPLAIN, never a time): the Document View's
default order within a period, its match status and action filters, its sort by taxable value, its
search (inside a covering index) and the GSTR-3B period's page, and the summaries' grouping."""

import frappe

from india_ims.ims import export_records, missing_in_ims, queries, summary_left
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase


class TestImsToolIndexes(MonthCase):
    MONTH = {"records": 60, "seed": 61}
    APPLIED = True

    def _plan(self, filters=None, *, period_field="supplier_return_period", order_by="document_date",
              hinted=False, count=False):
        where, values = queries._where(self.gstin, helpers.PERIOD, period_field, filters)
        hint = queries.index_hint(period_field, filters, order_by) if hinted else ""
        select = "count(*)" if count else "name"
        tail = "" if count else f" order by `{order_by}`, name limit 50"
        return frappe.db.sql(
            f"explain select {select} from `tab{INWARD_SUPPLY}` {hint} where {where}{tail}",
            values,
            as_dict=True,
        )

    def _keys(self, filters=None, **kwargs):
        return {row.key for row in self._plan(filters, **kwargs)}

    def test_the_document_view_pages_a_period_off_the_search_index_in_its_order(self):
        # (date, name) is the index's own order: the page is read in order, nothing sorted
        plan = self._plan()
        self.assertEqual([row.key for row in plan], ["gstin_period_search"], plan)
        self.assertNotIn("filesort", plan[0].Extra or "")

    def test_the_export_streams_a_period_off_the_search_index_in_its_order(self):
        # export_records sends rows while MariaDB reads them: nothing sorted or gathered first
        where, values = queries._where(self.gstin, helpers.PERIOD, "supplier_return_period", None)
        hint = export_records.order_hint(helpers.PERIOD, "supplier_return_period", {})
        query, values = export_records.statement(self.gstin, where, values, hint)
        plan = frappe.db.sql(f"explain {query}", values, as_dict=True)
        self.assertEqual(plan[0].key, "gstin_period_search", plan)
        for row in plan:
            self.assertNotIn("filesort", row.Extra or "", plan)
            self.assertNotIn("temporary", row.Extra or "", plan)
        # a filter leaves the choice to MariaDB: a few rows sorted beat a pass over the period
        self.assertEqual(export_records.order_hint(helpers.PERIOD, "supplier_return_period",
                                                   {"match_status": "Mismatch"}), "")
        self.assertEqual(export_records.order_hint(helpers.PERIOD, "gstr2b_period", {}), "")

    def test_the_register_by_supplier_period_pages_off_the_search_index_in_its_order(self):
        from india_ims.ims.returns import reports

        chosen = {"company_gstin": self.gstin, "period": helpers.PERIOD, "period_of": "Supplier's filing"}
        for extra in ({}, {"action": "Rejected"}):
            where, values, index = reports._register_where({**chosen, **extra})
            plan = frappe.db.sql(
                f"explain select t.name from `tab{INWARD_SUPPLY}` t force index ({index}) where {where} "
                "order by t.document_date, t.name limit 50",
                values,
                as_dict=True,
            )
            self.assertEqual([row.key for row in plan], ["gstin_period_search"], plan)
            self.assertNotIn("filesort", plan[0].Extra or "")

    def test_a_match_status_filter_uses_the_gstin_period_match_index(self):
        keys = self._keys({"match_status": "Mismatch"})
        self.assertTrue(keys & {"gstin_period_match", "gstin_period_search"}, keys)

    def test_the_gstr_3b_period_view_with_an_action_filter_reads_the_gstin_2b_view_index(self):
        # (GSTIN, GSTR-2B period, action) is gone: the covering view index leads with the same columns
        plan = self._plan({"action": "Rejected"}, period_field="gstr2b_period", hinted=True)
        self.assertEqual([row.key for row in plan], ["gstin_2b_view"], plan)
        self.assertIn("Using index", plan[0].Extra)
        # its count, and the names a bulk action on the filter selects, are sent to the same index: left
        # to itself the optimizer may take the narrower (GSTIN, 2B period, date) register index and
        # read every row for its action
        plan = self._plan({"action": "Rejected"}, period_field="gstr2b_period", hinted=True, count=True)
        self.assertEqual([row.key for row in plan], ["gstin_2b_view"], plan)
        self.assertIn("Using index", plan[0].Extra)
        self.assertIn(
            "force index (`gstin_2b_view`)", queries.index_hint("gstr2b_period", {"action": "Rejected"}, None)
        )

    def test_sorted_by_taxable_value_a_period_pages_off_the_gstin_period_taxable_index(self):
        plan = self._plan(order_by="taxable_value")
        self.assertEqual({row.key for row in plan}, {"gstin_period_taxable"}, plan)

    def test_a_search_is_judged_inside_the_search_index_page_and_count(self):
        # LIKE '%...%' reads no row that does not match: the index holds every column it looks at.
        for count in (False, True):
            for period_field, index in (("supplier_return_period", "gstin_period_search"),
                                        ("gstr2b_period", "gstin_2b_view")):
                plan = self._plan({"search": "INV"}, period_field=period_field, hinted=True, count=count)
                self.assertEqual([row.key for row in plan], [index], plan)
                self.assertIn("Using index", plan[0].Extra)

    def test_the_gstr_3b_period_pages_its_sorts_and_filters_from_the_covering_index(self):
        for filters, order_by in (({}, "document_date"), ({}, "taxable_value"),
                                  ({"match_status": "Mismatch", "action": "Rejected"}, "document_date")):
            plan = self._plan(filters, period_field="gstr2b_period", order_by=order_by, hinted=True)
            self.assertEqual([row.key for row in plan], ["gstin_2b_view"], plan)
            self.assertIn("Using index", plan[0].Extra)

    def test_a_page_past_the_middle_read_backwards_is_the_same_rows_in_the_same_order(self):
        # The last pages are read from the other end (queries.page_window): every page of every
        # order, both period views, is the slice of the whole list in order, none lost or repeated.
        for period_field in queries.PERIOD_FIELDS:
            for order_by, descending in (("document_date", False), ("taxable_value", True)):
                whole = queries.documents(self.gstin, period=helpers.PERIOD, period_field=period_field,
                                          order_by=order_by, descending=descending, page_length=500)
                names = [row.name for row in whole["rows"]]
                self.assertEqual(len(names), whole["total"])
                self.assertGreater(len(names), 14)
                paged = []
                for page in range(1, -(-len(names) // 7) + 1):
                    found = queries.documents(self.gstin, period=helpers.PERIOD, period_field=period_field,
                                              order_by=order_by, descending=descending, page=page,
                                              page_length=7)
                    paged.extend(row.name for row in found["rows"])
                self.assertEqual(paged, names, (period_field, order_by))

    def test_page_window_reads_the_second_half_backwards(self):
        self.assertEqual(queries.page_window(100, 1, 50), (50, 0, False))
        self.assertEqual(queries.page_window(100, 2, 50), (50, 0, True))
        self.assertEqual(queries.page_window(101, 3, 50), (1, 0, True))
        self.assertEqual(queries.page_window(101, 2, 50), (50, 1, True))
        self.assertEqual(queries.page_window(70083, 1402, 50), (33, 0, True))
        self.assertEqual(queries.page_window(10, 5, 50), (50, 200, False))  # past the end: empty

    def test_no_hint_where_the_covering_index_lacks_a_filter_or_the_order(self):
        self.assertEqual(queries.index_hint("gstr2b_period", {"section": "b2b"}, "document_date"), "")
        self.assertEqual(queries.index_hint("gstr2b_period", {}, "modified"), "")
        self.assertEqual(queries.index_hint("supplier_return_period", {}, "document_date"), "")
        searched = {"search": "X", "action": "Rejected"}
        self.assertEqual(queries.index_hint("supplier_return_period", searched, "document_date"), "")

    def test_the_left_ims_filter_changes_nothing_unless_set(self):
        # the default screens read what they read before it: no condition, the same index hint
        plain = {"action": "Rejected"}
        for period_field in queries.PERIOD_FIELDS:
            for unset in (None, ""):
                filters = {**plain, "left_ims": unset}
                self.assertEqual(queries._where(self.gstin, helpers.PERIOD, period_field, filters),
                                 queries._where(self.gstin, helpers.PERIOD, period_field, plain))
                self.assertEqual(queries.index_hint(period_field, filters, "document_date"),
                                 queries.index_hint(period_field, plain, "document_date"))

    def test_an_action_list_without_the_left_ims_records_still_reads_the_covering_index(self):
        # 0 leaves out by name the few records found on their own index; the list and its count stay
        # on the GSTR-3B period's covering index (the condition itself read every row of the period)
        filters = {"action": "Rejected", "left_ims": 0}
        for count in (False, True):
            plan = self._plan(filters, period_field="gstr2b_period", hinted=True, count=count)
            self.assertEqual(plan[0].key, "gstin_2b_view", plan)
            self.assertIn("Using index", plan[0].Extra)
            if summary_left.has_left_index():
                self.assertEqual([row.key for row in plan[1:]], [summary_left.LEFT_INDEX], plan)
        # 1 is the row's condition: not held by the covering index, left to the optimizer
        self.assertEqual(queries.index_hint("gstr2b_period", {"left_ims": 1}, None), "")

    def test_the_action_rows_list_without_replaced_originals_still_reads_the_covering_index(self):
        # the Action Summary's action rows drill with replaced 0 and its "Replaced" row with 1: both
        # judged by name, which every entry of the covering index holds
        for replaced in (0, 1):
            filters = {"action": "Rejected", "left_ims": 0, "replaced": replaced}
            for count in (False, True):
                plan = self._plan(filters, period_field="gstr2b_period", hinted=True, count=count)
                self.assertEqual(plan[0].key, "gstin_2b_view", plan)
                self.assertIn("Using index", plan[0].Extra)

    def test_the_match_summary_of_a_period_is_summed_from_its_index_alone(self):
        # after any write (a user's action too) its first call groups the period again
        where, values = queries._where(self.gstin, helpers.PERIOD, "supplier_return_period", None)
        plan = frappe.db.sql(f"explain {queries.match_summary_sql(where)}", values, as_dict=True)
        self.assertEqual([row.key for row in plan], [queries.MATCH_INDEX], plan)
        self.assertIn("Using index", plan[0].Extra)

    def test_the_missing_in_ims_count_reads_the_period_s_links_then_each_invoice(self):
        values = {"gstin": self.gstin, "period": helpers.PERIOD}
        plan = frappe.db.sql("explain " + missing_in_ims.missing_in_ims_summary_sql(), values, as_dict=True)
        self.assertEqual([row.key for row in plan], ["period_status", "PRIMARY"], plan)

    def test_the_index_columns_are_the_tools_filters_and_default_order(self):
        rows = frappe.db.sql(f"show index from `tab{INWARD_SUPPLY}`", as_dict=True)
        columns: dict[str, list[str]] = {}
        for row in sorted(rows, key=lambda r: (r.Key_name, r.Seq_in_index)):
            columns.setdefault(row.Key_name, []).append(row.Column_name)
        period = ["company_gstin", "supplier_return_period"]
        # the default order lives in the search index: no (GSTIN, period, date) index to write as well
        self.assertNotIn("gstin_period_date", columns)
        self.assertEqual(columns["gstin_period_search"][:4], [*period, "document_date", "name"])
        self.assertEqual(columns["gstin_period_match"], [*queries.MATCH_INDEX_COLUMNS])
        self.assertEqual(queries.MATCH_INDEX_COLUMNS[:3], (*period, "match_status"))
        self.assertNotIn("gstin_2b_action", columns)
        self.assertEqual(columns["gstin_period_taxable"], [*period, "taxable_value"])
        for index, listed in queries.SEARCH_INDEXES.items():
            self.assertEqual(columns[index], list(listed))

    def test_a_users_action_moves_no_stored_figures_index(self):
        # The figures' indexes carry the action as of the refresh (fig_action), so setting an action
        # rewrites only the tool's own indexes; the refresh job moves the figures' ones.
        rows = frappe.db.sql(f"show index from `tab{INWARD_SUPPLY}`", as_dict=True)
        columns: dict[str, list[str]] = {}
        for row in sorted(rows, key=lambda r: (r.Key_name, r.Seq_in_index)):
            columns.setdefault(row.Key_name, []).append(row.Column_name)
        figures = [name for name in columns if name.startswith("gstin_fig_") or name == "gstin_2b_trend"]
        self.assertGreater(len(figures), 5)
        for name in figures:
            self.assertNotIn("action", columns[name], name)
        self.assertEqual(columns["gstin_fig_action"],
                         ["company_gstin", "fig_period", "fig_action", "match_status", "fig_net_tax"])
        self.assertEqual(columns["gstin_2b_trend"],
                         ["company_gstin", "gstr2b_period", "fig_action", "fig_net_tax"])
        with_action = sorted(name for name, listed in columns.items() if "action" in listed)
        self.assertEqual(with_action, ["gstin_2b_view"])

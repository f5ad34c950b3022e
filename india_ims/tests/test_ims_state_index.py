"""``state_index``: one index for the stale flag, the upload flag and the latest write. Each reader
gives what the plain condition gives, reads the index alone (EXPLAIN, never a time), and a migrate
of a site with the three old indexes leaves the merged one in their place."""

import frappe

from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import index_columns
from india_ims.ims import state_index, tool_api
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.tests.month_case import MonthCase


class TestImsStateIndex(MonthCase):
    MONTH = {"records": 40, "seed": 71}
    APPLIED = True

    def setUp(self):
        if not state_index.merged():
            self.skipTest("the merged index needs MariaDB's generated fig_stale")
        names = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name",
                               order_by="name")
        self.names = names
        # a spread of the four (stale, pending) pairs and of modified stamps
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set fig_modified = modified, upload_pending = 0 "
                      "where company_gstin = %s", self.gstin)
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set upload_pending = 1 where name in %s", [names[::3]])
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set modified = '2031-01-02 03:04:05.000006' "
                      "where name = %s", names[4])  # stale, not pending: the latest write
        # pending and fresh: the first write
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set modified = '2001-01-02 03:04:05', "
                      "fig_modified = '2001-01-02 03:04:05' where name = %s", names[3])

    def tearDown(self):
        frappe.db.rollback()

    def _plain(self, condition: str) -> list:
        return frappe.db.sql(
            f"select {condition} from `tab{INWARD_SUPPLY}` ignore index (`{state_index.STATE_INDEX}`) "
            "where company_gstin = %s",
            self.gstin,
        )[0]

    def _keys(self, query: str, values) -> list:
        return [row.key for row in frappe.db.sql(f"explain {query}", values, as_dict=True) if row.table]

    def test_the_first_and_latest_write_are_those_of_every_record(self):
        found = state_index.first_and_latest_write(self.gstin)
        self.assertEqual(tuple(self._plain("min(modified), max(modified)")), found)
        self.assertEqual(str(found[0]), "2001-01-02 03:04:05")
        self.assertEqual(str(found[1]), "2031-01-02 03:04:05.000006")

    def test_the_first_and_latest_write_of_a_gstin_without_records_are_none(self):
        self.assertEqual(state_index.first_and_latest_write("29AAAAA0000A1Z5"), (None, None))

    def test_the_first_and_latest_write_read_one_entry_at_each_end_of_four_ranges(self):
        parts = " union all ".join(
            f"select min(modified), max(modified) from `tab{INWARD_SUPPLY}` force index "
            f"(`{state_index.STATE_INDEX}`) where company_gstin = %(g)s "
            f"and fig_stale = {stale} and upload_pending = {pending}"
            for stale, pending in ((0, 0), (0, 1), (1, 0), (1, 1))
        )
        plan = frappe.db.sql(f"explain {parts}", {"g": self.gstin}, as_dict=True)
        # every column before modified is fixed: the server answers from the index's ends
        for row in plan:
            if row.id is not None:
                self.assertIn(row.Extra, ("Select tables optimized away", "No matching min/max row"), plan)

    def test_the_pending_condition_counts_the_records_waiting_for_upload(self):
        query = f"select count(*) {state_index.pending_from()}"
        self.assertEqual(frappe.db.sql(query, self.gstin)[0][0], len(self.names[::3]))
        self.assertEqual(self._keys(query, self.gstin), [state_index.STATE_INDEX])
        plan = frappe.db.sql(f"explain {query}", self.gstin, as_dict=True)
        self.assertIn("Using index", plan[0].Extra)

    def test_the_pending_changes_screen_and_the_job_list_count_the_same_records(self):
        changes = tool_api.get_pending_changes(self.gstin)
        self.assertEqual(sum(row["count"] for row in changes), len(self.names[::3]))
        self.assertEqual(tool_api.get_recent_jobs(self.gstin)["upload_pending"], len(self.names[::3]))

    def test_the_stale_records_are_a_range_of_the_index(self):
        from india_ims.ims import figures_store

        stale = frappe.db.sql_list(
            f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s and "
            "not (fig_modified <=> modified) order by name",
            self.gstin,
        )
        self.assertEqual(sorted(figures_store.stale_names(self.gstin)), stale)
        self.assertIn(self.names[4], stale)
        count, latest = figures_store.stale_count(self.gstin)
        self.assertEqual(count, len(stale))
        self.assertEqual(str(latest), "2031-01-02 03:04:05.000006")
        query = (f"select count(*), max(modified) from `tab{INWARD_SUPPLY}` force index "
                 f"(`{state_index.STATE_INDEX}`) where company_gstin = %s and fig_stale = 1")
        plan = frappe.db.sql(f"explain {query}", self.gstin, as_dict=True)
        self.assertEqual(plan[0].key, state_index.STATE_INDEX)
        self.assertIn("Using index", plan[0].Extra)  # modified is in the entries: no row is read

    def test_a_migrate_replaces_the_three_indexes_by_the_merged_one(self):
        # ALTER commits: the setUp's changes go first, and the site is left as a migrate leaves it
        frappe.db.rollback()
        table = f"`tab{INWARD_SUPPLY}`"
        frappe.db.sql_ddl(
            f"alter table {table} drop index `{state_index.STATE_INDEX}`, "
            "add index `gstin_fig_stale` (company_gstin, fig_stale), "
            "add index `gstin_upload` (company_gstin, upload_pending), "
            "add index `gstin_modified` (company_gstin, modified)"
        )
        try:
            from india_ims.gst_ims.doctype.ims_gstr_2b.ims_gstr_2b import on_doctype_update as gstr2b_update
            from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import on_doctype_update

            # either DocType may be updated first; neither brings an old index back
            gstr2b_update()
            on_doctype_update()
            gstr2b_update()
        finally:
            state_index.ensure()
        merged = index_columns(INWARD_SUPPLY, state_index.STATE_INDEX)
        self.assertEqual(merged, list(state_index.STATE_COLUMNS))
        for old in state_index.REPLACED:
            self.assertEqual(index_columns(INWARD_SUPPLY, old), [], old)

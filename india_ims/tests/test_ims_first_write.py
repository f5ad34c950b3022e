"""A first write split over two connections (``first_write``, ``side_write``) leaves exactly what one
connection leaves, and nothing when it fails: every test of ``test_ims_first_match`` again with the
split taken from 20 rows up, and what happens when the side fails, gives way, or the job fails."""

from unittest.mock import patch

import frappe

from india_ims.ims import digest_beside, first_write, infile, reconcile, side_write
from india_ims.ims.constants import INWARD_SUPPLY, PI_LINKS, PI_PERIOD
from india_ims.tests import helpers
from india_ims.tests.test_ims_first_match import TestImsFirstMatch


class TestImsFirstWriteOnTwoConnections(TestImsFirstMatch):
    """The first-match suite with every period's first write split (its rows are 80-150), and the
    reconcile job's digest then taken on two connections (``digest_beside``)."""

    def setUp(self):
        for module, name in ((side_write, "SIDE_FROM"), (digest_beside, "BESIDE_FROM")):
            split = patch.object(module, name, 20)
            split.start()
            self.addCleanup(split.stop)
        self.beside = []
        real_beside = digest_beside.InvoicesBeside.__init__

        def seen_beside(beside, statements):
            real_beside(beside, statements)
            self.beside.append(beside)

        spy_beside = patch.object(digest_beside.InvoicesBeside, "__init__", seen_beside)
        spy_beside.start()
        self.addCleanup(spy_beside.stop)
        self.sides = []
        real = side_write.SideInsert.__init__

        def seen(side, statements, db=None):
            real(side, statements, db)
            self.sides.append(side)

        spy = patch.object(side_write.SideInsert, "__init__", seen)
        spy.start()
        self.addCleanup(spy.stop)
        super().setUp()

    def _assert_as_one_connection_leaves(self, got) -> None:
        """``got`` is what the same download leaves when one connection writes everything."""
        self._fresh()
        with patch.object(side_write, "SIDE_FROM", 1 << 62):
            self._cycle(self.this_month)
        self._assert_same(got, self._state())

    def test_the_side_connections_wrote_their_share_of_every_first_write(self):
        self._cycle(self.this_month)
        self.assertEqual(len(self.sides), len(first_write.SIDE_SHARES))
        for side, share in zip(self.sides, first_write.SIDE_SHARES):
            if side.rows != int(len(self.this_month) * share):
                # The rows deleted by setUp may not be purged yet on a busy server: their keys then
                # lock their neighbours, and a side may have to give way (a lock wait, a deadlock it
                # lost, or its statement stopped for the job's connection). Nothing else may stop it.
                code = side._error.args[0] if side._error is not None and side._error.args else None
                self.assertIn(code, (1205, 1213, 1317, None), side._error)
                self.assertTrue(code is not None or side._stop.is_set())
        stored = frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin})
        self.assertEqual(stored, len(self.this_month))

    def test_sides_that_may_not_load_files_write_insert_statements_and_leave_the_same(self):
        with patch.object(infile, "usable", lambda cursor: False), patch.object(infile, "load") as load:
            self._cycle(self.this_month)
        load.assert_not_called()
        self._assert_as_one_connection_leaves(self._state())

    def test_a_file_the_server_does_not_take_whole_makes_the_side_give_way(self):
        def short(cursor, chunk):
            chunk.discard()
            raise infile.LoadRefused(f"{chunk.table}: the server took 0 of {chunk.rows} rows")

        with patch.object(infile, "load", short):
            self._cycle(self.this_month)
        self.assertTrue(all(side._conn is None and side.rows == 0 for side in self.sides))
        got = self._state()
        self.assertEqual(len(got[0]), len(self.this_month))
        self._assert_as_one_connection_leaves(got)

    def test_a_side_that_fails_gives_its_rows_to_the_job_s_connection(self):
        with patch.object(side_write.SideInsert, "_run", _fails_after_one_statement):
            self._cycle(self.this_month)
        expected_rows = len(self.this_month)
        self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), expected_rows)
        # and the result is the one connection's, byte for byte
        got = self._state()
        self._assert_as_one_connection_leaves(got)

    def test_without_a_second_connection_the_job_s_own_writes_everything(self):
        def refused():
            raise frappe.db.OperationalError(1040, "Too many connections")

        with patch.object(side_write, "connect", refused):
            self._cycle(self.this_month)
        self.assertFalse(self.sides)
        got = self._state()
        self.assertEqual(len(got[0]), len(self.this_month))
        self._assert_as_one_connection_leaves(got)

    def test_a_job_that_fails_before_the_commit_leaves_nothing_of_either_connection(self):
        def broken(updates):
            raise frappe.ValidationError("the invoices' links could not be written")

        with (
            patch.object(reconcile, "write_purchase_links", broken),
            self.assertRaises(frappe.ValidationError),
        ):
            self._cycle(self.this_month)
        frappe.db.rollback()
        self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), 0)
        self.assertTrue(self.sides)
        self.assertIsNone(self.sides[0]._conn)  # rolled back and closed

    def test_a_lock_the_side_holds_makes_it_give_way_not_wait(self):
        """The job's connection waits at most LOCK_WAIT for the side's locks (which a just-deleted
        identity's keys can make it wait for): here it is given one of the side's rows too, which the
        side holds uncommitted, so its statement waits, and the side steps aside."""
        written = []
        real_period, real_beside = first_write.write_period, first_write._write_beside

        def period(rows, *args, **kwargs):
            written.append(sorted(rows, key=lambda row: row["name"]))
            return real_period(rows, *args, **kwargs)

        def clash(sides, write_rows, rows):
            sides[0]._thread.join()  # the side's rows are in, uncommitted, its locks held
            clashing.append(sides[0])
            return real_beside(sides, write_rows, [*rows, written[-1][0]])

        clashing = []
        with (
            patch.object(first_write, "SIDE_SHARES", (0.7,)),  # the job's connection writes rows too
            patch.object(side_write, "LOCK_WAIT", 1),
            patch.object(first_write, "write_period", period),
            patch.object(first_write, "_write_beside", clash),
        ):
            self._cycle(self.this_month)
        self.assertTrue(clashing)
        self.assertIsNone(clashing[0]._conn)  # it gave way: rolled back and closed
        got = self._state()
        self.assertEqual(len(got[0]), len(self.this_month))
        self._assert_as_one_connection_leaves(got)

    def _cycled(self) -> None:
        """A download and its reconcile jobs, then the record of reads beside emptied."""
        self._cycle(self.this_month)
        self.beside.clear()

    def _unchanged(self) -> bool:
        last = frappe.cache.get_value(reconcile._DIGEST_KEY.format(self.gstin, helpers.PERIOD))
        return reconcile._unchanged_since(last, self.gstin, helpers.PERIOD, reconcile.match_settings())

    def _touch_an_invoice(self) -> None:
        invoice = frappe.db.get_value(PI_LINKS, {PI_PERIOD: helpers.PERIOD}, "name")
        frappe.db.sql("update `tabPurchase Invoice` set modified = now(6) where name = %s", invoice)

    def test_the_reconcile_job_hashes_the_invoices_on_another_connection_and_finds_nothing_changed(self):
        _, outcomes = self._cycle(self.this_month)
        self.assertEqual(len(self.beside), 1)
        self.assertIsNone(self.beside[0]._error)
        self.assertEqual(outcomes[0].counts["records_updated"], 0)
        self.assertIn("matched by the download", outcomes[0].message)
        # the same rows the job's own connection reads
        _, statements = reconcile._books_statements(self.gstin, helpers.PERIOD, reconcile.match_settings())
        own = [[tuple(row) for row in frappe.db.sql(sql, values)] for sql, values in statements]
        self.assertEqual([[tuple(row) for row in rows] for rows in self.beside[0]._results], own)

    def test_an_invoice_changed_and_committed_since_is_seen_on_the_other_connection(self):
        self._cycled()
        self._touch_an_invoice()
        frappe.db.commit()
        self.assertFalse(self._unchanged())
        self.assertEqual(len(self.beside), 1)

    def test_a_change_the_job_has_not_committed_is_read_on_the_job_s_own_connection(self):
        self._cycled()
        self._touch_an_invoice()  # another connection would not see it
        self.assertFalse(self._unchanged())
        self.assertFalse(self.beside)
        frappe.db.rollback()
        self.assertTrue(self._unchanged())
        self.assertEqual(len(self.beside), 1)

    def test_a_read_beside_that_fails_is_read_again_on_the_job_s_own_connection(self):
        self._cycled()
        # made here: the stub runs on the side thread, where ``frappe.db`` is not bound
        error = frappe.db.OperationalError(2013, "Lost connection to server during query")

        def lost(beside, statements):
            beside._error = error

        with patch.object(digest_beside.InvoicesBeside, "_read", lost):
            self.assertTrue(self._unchanged())
            self._touch_an_invoice()
            frappe.db.commit()
            self.assertFalse(self._unchanged())
        self.assertEqual(len(self.beside), 2)
        self.assertTrue(all(beside._error is error for beside in self.beside))

    def test_a_failure_beside_the_read_on_the_other_connection_still_closes_it(self):
        self._cycled()
        lost = frappe.db.OperationalError(2013, "Lost connection to server during query")
        with patch.object(reconcile, "_records_part", side_effect=lost), self.assertRaises(type(lost)):
            self._unchanged()
        self.assertEqual(len(self.beside), 1)
        self.assertFalse(self.beside[0]._thread.is_alive())
        self.assertIsNone(self.beside[0]._db._conn)


_REAL_RUN = side_write.SideInsert._run


def _fails_after_one_statement(side, statements):
    def failing():
        try:
            for statement in statements:
                yield statement
                # asked for the next while the first runs (or after it, with no next): lost either way
                raise RuntimeError("the side's connection was lost")
        finally:
            if isinstance(statements, infile.Files):
                statements.remove()

    _REAL_RUN(side, failing())

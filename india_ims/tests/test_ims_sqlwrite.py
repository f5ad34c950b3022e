"""SQL literals built by india_ims.ims.sqlwrite: every value comes back from MariaDB exactly as written."""

import threading
from datetime import date, datetime
from decimal import Decimal

import frappe

from india_ims.ims import sqlread, sqlwrite
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase
from india_ims.tests.month_case import MonthCase

NASTY = [
    "plain",
    "",
    'it\'s a "quote"',
    "back\\slash \\' \\\\ end\\",
    "nul\0inside",
    "line\nbreak\r\ncarriage\ttab \x1a ctrl-z \x1f unit",
    "<script>alert('x')</script>",
    "emoji 🧾🇮🇳 and devanagari जीएसटी, CJK 請求書, combining é",
    "percent %s %(name)s %% {0}",
    "ifnull(a, b) IFNULL( coalesce(",
    "'); drop table `tabIMS Inward Supply`; --",
    "x" * 5000,
]
_TABLE = "ims_sqlwrite_test"


class TestImsSqlWrite(BaseTestCase):
    def setUp(self):
        super().setUp()
        frappe.db.sql(f"/* test */ drop temporary table if exists `{_TABLE}`")
        frappe.db.sql(
            f"/* test */ create temporary table `{_TABLE}` (id int primary key, t longtext, "
            "v varchar(140), d decimal(21,9), day date, at datetime(6), n int, f double) "
            "default charset=utf8mb4 collate=utf8mb4_unicode_ci"
        )

    def tearDown(self):
        frappe.db.sql(f"/* test */ drop temporary table if exists `{_TABLE}`")
        frappe.db.rollback()
        super().tearDown()

    def _round_trip(self, rows):
        sqlwrite.insert_values(f"insert into `{_TABLE}` (id, t, v, d, day, at, n, f)", rows)
        # DECIMAL as text: Frappe's connection reads DECIMAL as float
        stored = frappe.db.sql(f"select id, t, v, cast(d as char), day, at, n, f from `{_TABLE}` order by id")
        return [(*row[:3], None if row[3] is None else Decimal(row[3]), *row[4:]) for row in stored]

    def _rows(self):
        rows = []
        for number, text in enumerate(NASTY, start=1):
            rows.append(
                (
                    number,
                    text,
                    text[:140],
                    Decimal("-12345678.123456789") if number % 2 else Decimal("1E+3"),
                    date(2026, 11, 30),
                    datetime(2026, 12, 1, 4, 5, 6, 789012),
                    -(2**31) if number == 1 else number,
                    0.1 + number,
                )
            )
        rows.append((len(rows) + 1, None, None, None, None, None, None, None))
        rows.append((len(rows) + 1, "true", "false", Decimal(0), date(2017, 7, 1), None, True, False))
        return rows

    def test_every_kind_of_value_round_trips_exactly(self):
        rows = self._rows()
        stored = self._round_trip(rows)
        self.assertEqual(len(stored), len(rows))
        for sent, got in zip(rows, stored, strict=True):
            expected = list(sent)
            if isinstance(expected[6], bool):
                expected[6] = int(expected[6])
            if isinstance(expected[7], bool):
                expected[7] = float(expected[7])
            self.assertEqual(list(got), expected, f"row {sent[0]}")

    def test_wide_reads_as_json_arrays_give_the_same_values(self):
        rows = self._rows()
        self._round_trip(rows)
        read = sqlread.json_rows(
            ["id", "t", "v", "cast(d as char)", "day", "n", "f"], f"from `{_TABLE}` order by id"
        )
        self.assertEqual(len(read), len(rows))
        for sent, got in zip(rows, read, strict=True):
            self.assertEqual(got[:3], list(sent[:3]), f"row {sent[0]}")
            self.assertEqual(None if got[3] is None else Decimal(got[3]), sent[3])
            self.assertEqual(sqlread.day(got[4]), sent[4])
            self.assertEqual(got[5], None if sent[6] is None else int(sent[6]))
            self.assertEqual(got[6], None if sent[7] is None else float(sent[7]))
        named = sqlread.dict_rows(["id", "t"], f"from `{_TABLE}` where id = %s", (3,))
        self.assertEqual(named, [{"id": 3, "t": NASTY[2]}])
        self.assertEqual(named[0].t, NASTY[2])

    def test_round_trip_with_no_backslash_escapes(self):
        mode = frappe.db.sql("select @@session.sql_mode")[0][0]
        frappe.db.sql("set session sql_mode = concat(@@session.sql_mode, ',NO_BACKSLASH_ESCAPES')")
        try:
            rows = [(n, text, text[:140], None, None, None, None, None) for n, text in enumerate(NASTY, 1)]
            stored = self._round_trip(rows)
            self.assertEqual([r[1] for r in stored], NASTY)
            self.assertEqual([r[2] for r in stored], [t[:140] for t in NASTY])
        finally:
            frappe.db.sql("set session sql_mode = %s", mode)

    def test_statements_are_split_and_every_row_is_written_once(self):
        rows = [(n, f"row {n} " + "y" * 300, None, None, None, None, n, None) for n in range(1, 2001)]
        original = sqlwrite.STATEMENT_CHARS
        sqlwrite.STATEMENT_CHARS = 10_000  # about 30 rows a statement
        try:
            written = sqlwrite.insert_values(f"insert into `{_TABLE}` (id, t, v, d, day, at, n, f)", rows)
        finally:
            sqlwrite.STATEMENT_CHARS = original
        self.assertEqual(written, 2000)
        count, total = frappe.db.sql(f"select count(*), sum(n) from `{_TABLE}`")[0]
        self.assertEqual((count, int(total)), (2000, sum(range(1, 2001))))

    def test_a_bad_value_after_the_first_statement_fails_the_call_and_stops_the_builder(self):
        rows = [(n, "z" * 300, None, None, None, None, n, None) for n in range(1, 400)]
        rows[300] = (301, object(), None, None, None, None, 301, None)
        original = sqlwrite.STATEMENT_CHARS
        sqlwrite.STATEMENT_CHARS = 10_000
        try:
            with self.assertRaises(TypeError):
                sqlwrite.insert_values(f"insert into `{_TABLE}` (id, t, v, d, day, at, n, f)", rows)
        finally:
            sqlwrite.STATEMENT_CHARS = original
        self.assertFalse([t for t in threading.enumerate() if t.name == "india_ims-ahead"])

    def test_a_statement_the_server_refuses_fails_the_call_and_stops_the_builder(self):
        rows = [(n, "z" * 300, None, None, None, None, n, None) for n in range(1, 400)]
        rows[200] = rows[10]  # a duplicate primary key in the seventh statement
        original = sqlwrite.STATEMENT_CHARS
        sqlwrite.STATEMENT_CHARS = 10_000
        try:
            with self.assertRaises(Exception) as caught:
                sqlwrite.insert_values(f"insert into `{_TABLE}` (id, t, v, d, day, at, n, f)", rows)
        finally:
            sqlwrite.STATEMENT_CHARS = original
        self.assertIn("Duplicate", str(caught.exception))
        self.assertFalse([t for t in threading.enumerate() if t.name == "india_ims-ahead"])

    def test_values_it_cannot_write_exactly_are_refused(self):
        for bad in (float("nan"), Decimal("Infinity"), object(), b"bytes", [1], {"a": 1}):
            with self.assertRaises((TypeError, ValueError), msg=repr(bad)):
                list(sqlwrite.row_literals([(1, bad)], doubled_quotes=False))

    def test_literals_of_a_str_subclass_and_exponent_decimal(self):
        class Label(str):
            pass

        self.assertEqual(sqlwrite.literal(Label("a'b")), "'a\\'b'")
        self.assertEqual(sqlwrite.literal(Decimal("1E+3")), "1000")
        self.assertEqual(sqlwrite.literal("a'b", doubled_quotes=True), "'a''b'")


class TestImsSqlWriteDocType(MonthCase):
    MONTH = {"records": 30, "seed": 73}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        frappe.db.commit()

    def tearDown(self):
        frappe.db.rollback()
        helpers.clear(self.gstin)
        super().tearDown()

    def _names(self):
        return frappe.get_all(
            INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name", order_by="name"
        )

    def test_update_by_name_writes_every_row_and_a_repeated_name_takes_its_last_values(self):
        names = self._names()
        rows = [{"name": n, "match_reason": f"r-{n}", "match_score": 0.5} for n in names]
        rows.append({"name": names[0], "match_reason": "last", "match_score": 0.25})
        written = sqlwrite.update_by_name(INWARD_SUPPLY, rows, ("match_reason", "match_score"))
        self.assertEqual(written, len(names))
        fields = ["name", "match_reason", "match_score"]
        stored = {
            r.name: (r.match_reason, r.match_score)
            for r in frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, fields=fields)
        }
        self.assertEqual(stored[names[0]], ("last", 0.25))
        self.assertEqual(stored[names[-1]], (f"r-{names[-1]}", 0.5))

    def test_update_by_name_inside_a_transaction_that_wrote_commits_nothing(self):
        names = self._names()
        frappe.db.set_value(INWARD_SUPPLY, names[0], "match_reason", "written first")
        staged = [{"name": n, "match_reason": "staged"} for n in names]
        sqlwrite.update_by_name(INWARD_SUPPLY, staged, ("match_reason",))
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, names[-1], "match_reason"), "staged")
        frappe.db.rollback()
        reasons = set(
            frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="match_reason")
        )
        self.assertNotIn("staged", reasons)
        self.assertNotIn("written first", reasons)

    def test_update_by_name_writes_text_exactly_and_ignores_unknown_names(self):
        names = self._names()
        rows = [
            {"name": name, "match_reason": NASTY[i % len(NASTY)], "match_score": Decimal("0.5")}
            for i, name in enumerate(names)
        ]
        rows.append({"name": "IMS-no-such-row", "match_reason": "ghost", "match_score": 1})
        rows.append({"name": names[0], "match_reason": "last wins", "match_score": 0.25})
        sqlwrite.update_by_name(INWARD_SUPPLY, rows, ("match_reason", "match_score"))
        stored = dict(
            frappe.db.sql(
                f"select name, match_reason from `tab{INWARD_SUPPLY}` where company_gstin = %s",
                self.gstin,
            )
        )
        self.assertEqual(stored[names[0]], "last wins")
        for i, name in enumerate(names[1:], start=1):
            self.assertEqual(stored[name], NASTY[i % len(NASTY)])
        self.assertFalse(frappe.db.exists(INWARD_SUPPLY, "IMS-no-such-row"))

    def test_the_staged_rows_drive_the_update_and_reach_the_table_by_primary_key(self):
        names = self._names()
        stage = "ims_stage_explain_test"
        frappe.db.sql(
            f"/* test */ create temporary table `{stage}` (primary key (`name`)) "
            f"select name, match_reason from `tab{INWARD_SUPPLY}` where 1 = 0"
        )
        try:
            sqlwrite.insert_values(f"insert into `{stage}` (name, match_reason)", [(names[0], "x")])
            for touch in (False, True):
                query = sqlwrite.update_join_sql(INWARD_SUPPLY, stage, ("match_reason",), touch=touch)
                plan = frappe.db.sql("explain " + query, ("2026-11-30", "x") if touch else (), as_dict=True)
                self.assertEqual([row.table for row in plan], ["v", "t"])
                self.assertEqual((plan[1].type, plan[1].key), ("eq_ref", "PRIMARY"))
        finally:
            frappe.db.sql(f"/* test */ drop temporary table if exists `{stage}`")

    def test_upsert_inserts_new_and_updates_existing_rows(self):
        names = self._names()
        row = frappe.db.get_value(
            INWARD_SUPPLY, names[0], ["name", "remarks", "document_number"], as_dict=True
        )
        sqlwrite.upsert(
            INWARD_SUPPLY,
            [{"name": names[0], "remarks": NASTY[5], "document_number": row.document_number}],
            ("remarks", "document_number"),
            update=("remarks",),
        )
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, names[0], "remarks"), NASTY[5])
        self.assertEqual(len(self._names()), len(names))

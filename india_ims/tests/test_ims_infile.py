"""Rows loaded from files (``infile``) arrive exactly as INSERT statements would write them, and a
file the server does not take whole is refused, never half-loaded in silence."""

import os
import random
from datetime import date, datetime
from decimal import Decimal
from unittest.mock import patch

from india_ims.ims import infile, side_write
from india_ims.tests.helpers import BaseTestCase

_TABLE = "ims_infile_test"
_COLUMNS = ("name", "note", "amount", "day", "at", "flag")
_TRICKY = (
    "tab\there",
    "line\nbreak and \r return",
    "back\\slash \\N \\t",
    "quotes ' \" `",
    "\\N",
    "NULL",
    "",
    "नमस्ते ₹ 😀",
    "nul \0 byte",
)


def _line(values) -> str:
    """One row as the file holds it, value by value: what ``infile.lines`` must write."""
    return "\t".join(map(infile._encode, values)) + "\n"


class TestImsInfile(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.db = side_write.connect(local_infile=True)
        self.addCleanup(self.db.close)
        self.cursor = self.db._conn.cursor()
        if not infile.usable(self.cursor):
            self.skipTest("this server does not take LOCAL loads")
        self.cursor.execute(
            f"create temporary table `{_TABLE}` (name varchar(20) primary key, note varchar(40), "
            "amount decimal(21,9), day date, at datetime(6), flag int)"
        )

    def _load(self, rows):
        files = infile.Files(_TABLE, _COLUMNS, rows)
        try:
            for chunk, _size in files:
                infile.load(self.cursor, chunk)
        finally:
            files.remove()
        self.assertFalse(os.path.exists(files.folder))

    def _read(self):
        self.cursor.execute(f"select {', '.join(_COLUMNS)} from `{_TABLE}` order by name")
        return [tuple(row) for row in self.cursor.fetchall()]

    def test_every_kind_of_value_loads_as_it_was(self):
        moment = datetime(2026, 10, 31, 23, 59, 58, 123456)
        rows = [(f"r{number:02d}", text, Decimal("-12.5"), date(2026, 10, 1), moment, True)
                for number, text in enumerate(_TRICKY)]
        rows.append(("r99", None, None, None, None, None))
        self._load(rows)
        got = self._read()
        self.assertEqual([row[1] for row in got], [*_TRICKY, None])
        self.assertEqual(got[0][2:], (Decimal("-12.500000000"), date(2026, 10, 1), moment, 1))
        self.assertEqual(got[-1][1:], (None,) * 5)

    def test_rows_go_in_files_of_chunk_rows_each_and_all_arrive(self):
        with patch.object(infile, "CHUNK_ROWS", 3):
            files = infile.Files(_TABLE, _COLUMNS, ((f"n{i}", "x", i, None, None, 0) for i in range(8)))
            sizes = []
            for chunk, size in files:
                sizes.append(size)
                infile.load(self.cursor, chunk)
                self.assertFalse(os.path.exists(chunk.path))  # deleted once loaded
            files.remove()
        self.assertEqual(sizes, [3, 3, 2])
        self.assertEqual(len(self._read()), 8)

    def test_a_duplicate_key_is_refused_not_skipped(self):
        self._load([("same", "first", 1, None, None, 0)])
        with self.assertRaises(infile.LoadRefused) as refused:
            self._load([("other", "x", 1, None, None, 0), ("same", "second", 2, None, None, 0)])
        self.assertIn("took 1 of 2 rows", str(refused.exception))

    def test_a_value_that_does_not_fit_is_refused_not_cut(self):
        with self.assertRaises(infile.LoadRefused) as refused:
            self._load([("long", "y" * 41, 1, None, None, 0)])
        self.assertIn("1 warnings", str(refused.exception))

    def test_a_value_of_an_unknown_type_is_refused_before_anything_is_sent(self):
        with self.assertRaises(TypeError):
            self._load([("odd", object(), 1, None, None, 0)])
        self.assertEqual(self._read(), [])

    def test_a_file_written_a_column_at_a_time_is_the_rows_written_one_by_one(self):
        moment = datetime(2026, 10, 31, 23, 59, 58, 123456)
        pools = (
            [*_TRICKY, "plain", "27AAACR5055K1Z5"],
            [0, 7, -3, 10**12],
            [0.0, -0.0, 1.5, 1234567.89, 1e-7, 0.1 + 0.2],
            [date(2026, 10, 1), date(2025, 3, 31)],
            [moment, datetime(2026, 1, 1)],
            [Decimal("-12.5"), Decimal("0.000000001")],
            [True, False],
        )
        rng = random.Random(20261130)
        for pool in pools:
            for mixed in (pool, [*pool, None], [None]):
                rows = [(rng.choice(mixed), rng.choice(pools[0])) for _ in range(50)]
                self.assertEqual(infile.lines(rows), "".join(map(_line, rows)), msg=repr(pool[:2]))
        several = [(1,), ("1",), (None,), (True,), (1.0,), (Decimal("1"),)]
        self.assertEqual(infile.lines(several), "".join(map(_line, several)))
        with self.assertRaises(ValueError):
            infile.lines([(1.5,), (float("nan"),)])
        with self.assertRaises(TypeError):
            infile.lines([([1],), ([2],)])

    def test_a_server_that_refuses_local_loads_is_not_asked(self):
        class Cursor:
            def execute(self, query):
                self.query = query

            def fetchone(self):
                return (0, "STRICT_TRANS_TABLES")

        self.assertFalse(infile.usable(Cursor()))

    def test_a_column_with_one_value_is_set_by_the_statement_and_arrives_as_written(self):
        moment = datetime(2026, 10, 31, 23, 59, 58, 123456)
        for note in _TRICKY:
            with self.subTest(note=note):
                self.cursor.execute(f"delete from `{_TABLE}`")
                rows = [(f"c{i}", note, Decimal("-12.5"), date(2026, 10, 1), moment, True) for i in range(3)]
                files = infile.Files(_TABLE, _COLUMNS, rows)
                chunk, _size = next(iter(files))
                self.assertEqual(chunk.columns, ("name",))  # every other column set once
                with open(chunk.path, encoding="utf-8") as handle:
                    self.assertEqual(handle.read(), "c0\nc1\nc2\n")
                infile.load(self.cursor, chunk)
                files.remove()
                stored = (note, Decimal("-12.500000000"), date(2026, 10, 1), moment, 1)
                self.assertEqual(self._read(), [(f"c{i}", *stored) for i in range(3)])

    def test_a_column_of_one_value_of_two_types_stays_in_the_file(self):
        rows = [("t1", "x", 1, None, None, True), ("t2", "x", 1.0, None, None, 1)]
        columns, text, constants = infile.file_parts(_COLUMNS, rows)
        self.assertEqual(columns, ("name", "amount", "flag"))
        self.assertEqual(dict(constants), {"note": "'x'", "day": "NULL", "at": "NULL"})
        self.assertEqual(text, "t1\t1\t1\nt2\t1.0\t1\n")
        self._load(rows)
        self.assertEqual([row[2] for row in self._read()], [Decimal("1.000000000")] * 2)

    def test_a_set_value_that_does_not_fit_is_refused_not_cut(self):
        with self.assertRaises(infile.LoadRefused) as refused:
            self._load([(f"w{i}", "y" * 41, 1, None, None, 0) for i in range(2)])
        self.assertIn("warnings", str(refused.exception))

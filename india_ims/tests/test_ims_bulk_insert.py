"""``bulk.insert_new`` (Action Log rows, GSTR-2B documents, Sync Log errors) writes every value as
it was given, with literals built by ``sqlwrite`` rather than the driver's placeholders."""

from datetime import date
from decimal import Decimal
from unittest.mock import patch

import frappe

from india_ims.ims import bulk
from india_ims.ims.constants import GSTR2B_DOCUMENT
from india_ims.tests.helpers import BaseTestCase

HOSTILE = "O'Brien \\ \"q\" %s %(x)s\n\r\t\0 ₹ 😀 ifnull(a, b) -- ;"
COLUMNS = ("gstr2b", "company_gstin", "supplier_gstin", "document_number", "document_date", "credit_note",
           "igst", "cess", "ims_action", "inward_supply")


class TestImsBulkInsert(BaseTestCase):
    def tearDown(self):
        frappe.db.rollback()
        super().tearDown()

    def test_values_are_written_as_given_without_the_driver_s_placeholders(self):
        rows = [
            {
                "name": f"IMS-BULK-{n}",
                "gstr2b": "IMS-BULK-2B",
                "company_gstin": "27AAAPA1234A1Z5",
                "supplier_gstin": "29AABCS0001A1Z5",
                "document_number": f"{HOSTILE}{n}",
                "document_date": date(2026, 10, 1 + n % 28),
                "credit_note": n % 2,
                "igst": Decimal("1234.56") * n,
                "cess": 0.1 * n,
                "ims_action": None if n % 3 else "Accepted",
                "inward_supply": None,
            }
            for n in range(1, 2_500)
        ]
        sql = frappe.db.sql
        placeheld = []

        def run(query, *args, **kwargs):
            # the session's own settings may be read (Frappe 16's driver keeps no status flags)
            if (args[0] if args else kwargs.get("values")):
                placeheld.append(query)
            return sql(query, *args, **kwargs)

        with patch.object(frappe.db, "sql", run):
            self.assertEqual(bulk.insert_new(GSTR2B_DOCUMENT, rows, COLUMNS), len(rows))
        self.assertEqual(placeheld, [])
        stored = {
            row.name: row
            for row in sql(
                f"select name, {', '.join(COLUMNS)} from `tab{GSTR2B_DOCUMENT}` where gstr2b = 'IMS-BULK-2B'",
                as_dict=True,
            )
        }
        self.assertEqual(len(stored), len(rows))
        for row in rows:
            back = stored[row["name"]]
            self.assertEqual(back.document_number, row["document_number"])
            self.assertEqual(back.document_date, row["document_date"])
            self.assertEqual(back.credit_note, row["credit_note"])
            self.assertEqual(Decimal(str(back.igst)), row["igst"])
            self.assertAlmostEqual(float(back.cess), row["cess"], places=6)
            self.assertEqual(back.ims_action, row["ims_action"])
            self.assertIsNone(back.inward_supply)

    def test_a_row_without_a_name_gets_one_and_a_value_of_another_type_is_refused(self):
        row = {"gstr2b": "IMS-BULK-2B", "document_number": "X"}
        self.assertEqual(bulk.insert_new(GSTR2B_DOCUMENT, [row], ("gstr2b", "document_number")), 1)
        self.assertTrue(frappe.db.get_value(GSTR2B_DOCUMENT, {"gstr2b": "IMS-BULK-2B"}, "name"))
        with self.assertRaises(TypeError):
            bulk.insert_new(GSTR2B_DOCUMENT, [{"gstr2b": ["not", "a", "value"]}], ("gstr2b",))

"""The sales pairing's scope leaves out the Sales Invoices that rows of other periods hold by looking
up the invoices it loaded, never by reading every invoice linked in every other period of the GSTIN
(a year of a lakh a month: over a million names for each pairing). Counted, never timed."""

from datetime import date
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Amounts, DocumentType
from india_ims.gst_india.outward.model import SalesDocument
from india_ims.ims.outward import pairing, sales
from india_ims.ims.outward.store import OUTWARD_SUPPLY
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

GSTIN = "27AAAPA1234A1Z5"
ELSEWHERE = "012020"


def _sale(name: str) -> SalesDocument:
    return SalesDocument(
        name, "29AABCS1234A1Z5", DocumentType.INVOICE, name, date(2026, 10, 5), Amounts(100, 18, 0, 0, 0)
    )


class TestPairingScope(BaseTestCase):
    def setUp(self):
        super().setUp()
        for n in range(3):
            frappe.db.sql(
                f"insert into `tab{OUTWARD_SUPPLY}` (name, company_gstin, return_period, sales_invoice) "
                "values (%s, %s, %s, %s)",
                (f"IMS-PAIRING-SCOPE-{n}", GSTIN, ELSEWHERE, f"SINV-ELSEWHERE-{n}"),
            )

    def test_only_the_loaded_invoices_are_looked_up_and_those_held_elsewhere_stay_out(self):
        read = []
        get_all = frappe.get_all

        def spy(*args, **kwargs):
            result = get_all(*args, **kwargs)
            if args and args[0] == OUTWARD_SUPPLY and kwargs.get("pluck") == "sales_invoice":
                read.extend(result)
            return result

        loaded = [_sale("SINV-ELSEWHERE-1"), _sale("SINV-FREE-1")]
        with patch.object(frappe, "get_all", spy), patch.object(sales, "load", return_value=loaded):
            _rows, _records, books = pairing.scope(GSTIN, helpers.PERIOD)
        self.assertEqual([book.name for book in books], ["SINV-FREE-1"])
        self.assertEqual(read, ["SINV-ELSEWHERE-1"])

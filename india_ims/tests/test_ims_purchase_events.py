"""Purchase Invoice cancel/delete keeps IMS links right, and the loader reads a real invoice."""

from datetime import timedelta
from unittest.mock import patch

import frappe

from india_ims.ims import clock, purchases
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import (
    ACTION_LOG,
    INWARD_SUPPLY,
    PI_LINK,
    PI_MATCH_REASON,
    PI_MATCH_STATUS,
    PI_PERIOD,
)
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

SUPPLIER = "IMS Test Supplier"
ITEM = "IMS Test Service"
PRICE_LIST = "IMS Test Buying INR"


def _masters(company: str) -> None:
    if not frappe.db.exists("Price List", PRICE_LIST):
        # The site's default buying price list may be in another currency (no exchange rate here).
        frappe.get_doc(
            {
                "doctype": "Price List",
                "price_list_name": PRICE_LIST,
                "currency": "INR",
                "buying": 1,
                "enabled": 1,
            }
        ).insert(ignore_permissions=True)
    if not frappe.db.exists("Supplier", SUPPLIER):
        group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name") or frappe.db.get_value(
            "Supplier Group", {}, "name"
        )
        frappe.get_doc(
            {
                "doctype": "Supplier",
                "supplier_name": SUPPLIER,
                "supplier_group": group,
                "gst_category": "Unregistered",
            }
        ).insert(ignore_permissions=True)
    if not frappe.db.exists("Item", ITEM):
        group = frappe.db.get_value("Item Group", {"is_group": 0}, "name") or "All Item Groups"
        item = frappe.get_doc(
            {
                "doctype": "Item",
                "item_code": ITEM,
                "item_group": group,
                "is_stock_item": 0,
                "stock_uom": "Nos",
                "gst_hsn_code": "998311",
            }
        )
        if frappe.get_meta("Item").has_field("gst_hsn_code") and not frappe.db.exists(
            "GST HSN Code", "998311"
        ):
            frappe.get_doc(
                {"doctype": "GST HSN Code", "hsn_code": "998311", "description": "Management consulting"}
            ).insert(ignore_permissions=True)
        item.insert(ignore_permissions=True)
    frappe.db.commit()


def _invoice(company: str, bill_no: str, submit: bool = True) -> str:
    doc = frappe.get_doc(
        {
            "doctype": "Purchase Invoice",
            "company": company,
            "supplier": SUPPLIER,
            "bill_no": bill_no,
            "bill_date": clock.today() - timedelta(days=2),
            "posting_date": clock.today(),
            "set_posting_time": 1,
            "currency": "INR",
            "conversion_rate": 1,
            "buying_price_list": PRICE_LIST,
            "items": [{"item_code": ITEM, "qty": 1, "rate": 1000}],
        }
    )
    doc.insert(ignore_permissions=True)
    if submit:
        doc.submit()
    frappe.db.commit()
    return doc.name


def _amendment(invoice: str):
    """The draft amending a cancelled invoice, as the form's Amend makes it."""
    amended = frappe.copy_doc(frappe.get_doc("Purchase Invoice", invoice))
    amended.amended_from = invoice
    amended.docstatus = 0
    amended.insert(ignore_permissions=True)
    return amended


class TestImsPurchaseEvents(MonthCase):
    MONTH = {"records": 12, "seed": 51}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _masters(cls.company)

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        frappe.db.commit()

    def tearDown(self):
        helpers.clear(self.gstin)

    def test_cancelling_the_linked_invoice_unlinks_and_takes_back_an_acceptance(self):
        invoice = _invoice(self.company, "IMS-EVT-1")
        name = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "section": "b2b"},
            pluck="name",
            order_by="name",
        )[0]
        frappe.db.set_value(INWARD_SUPPLY, name, {"purchase_invoice": invoice, "match_status": "Exact Match"})
        self.assertEqual(set_actions([name], "Accepted", source="User")["applied"], 1)
        frappe.db.commit()
        frappe.get_doc("Purchase Invoice", invoice).cancel()
        frappe.db.commit()
        row = frappe.db.get_value(
            INWARD_SUPPLY, name, ["purchase_invoice", "match_status", "action", "match_reason"], as_dict=True
        )
        self.assertIsNone(row.purchase_invoice)
        self.assertEqual(row.match_status, "Missing in PI")
        self.assertEqual(row.action, "No Action")
        self.assertIn("cancelled", row.match_reason)
        log = frappe.get_all(
            ACTION_LOG, filters={"inward_supply": name, "source": "Rule"}, fields=["old_action", "new_action"]
        )
        self.assertEqual([(x.old_action, x.new_action) for x in log], [("Accepted", "No Action")])

    def _cancelled(self, bill_no: str, position: int) -> tuple[str, str]:
        """An invoice matched to the record at ``position`` (by name), then cancelled."""
        invoice = _invoice(self.company, bill_no)
        names = frappe.get_all(INWARD_SUPPLY, {"company_gstin": self.gstin}, pluck="name", order_by="name")
        name = names[position]
        frappe.db.set_value(INWARD_SUPPLY, name, {"purchase_invoice": invoice, "match_status": "Exact Match"})
        frappe.db.commit()
        frappe.get_doc("Purchase Invoice", invoice).cancel()
        return invoice, name

    def _reconciles_queued(self) -> list[dict]:
        return [c.kwargs for c in self.enqueued.call_args_list if c.args[0].endswith("run_reconcile")]

    def test_an_amendment_of_a_cancelled_invoice_reconciles_its_record_s_period_found_by_name(self):
        invoice, name = self._cancelled("IMS-EVT-3", 1)
        frappe.db.commit()
        # the cancelled invoice keeps the record it released, and claims no period
        kept = frappe.db.get_value("IMS Purchase Link", invoice, [PI_LINK, PI_MATCH_STATUS, PI_PERIOD])
        self.assertEqual((kept[0], kept[1] or "", kept[2] or ""), (name, "", ""))
        period = frappe.db.get_value(INWARD_SUPPLY, name, "supplier_return_period")
        read = []
        sql = frappe.db.sql

        def run(query, *args, **kwargs):
            read.append(str(query))
            return sql(query, *args, **kwargs)

        amended = _amendment(invoice)
        with patch.object(frappe.db, "sql", run):
            amended.submit()
        queued = self._reconciles_queued()
        self.assertEqual([(q["company_gstin"], q["period"]) for q in queued], [(self.gstin, period)])
        # by name: no statement looks the records up by their reason (which read every record)
        on_records = [q.lower() for q in read if INWARD_SUPPLY in q]
        conditions = [q.split(" where ", 1)[1] for q in on_records if " where " in q]
        self.assertTrue(conditions)
        self.assertFalse([c for c in conditions if "match_reason" in c])

    def test_the_upgrade_gives_an_invoice_cancelled_before_it_the_record_it_released(self):
        from india_ims.compat import forget_table_columns
        from india_ims.ims import pi_links
        from india_ims.patches import keep_cancelled_invoice_links, move_invoice_links

        invoice, name = self._cancelled("IMS-EVT-6", 3)
        # as the version before left it: the links on the invoice's own row, the link cleared, the
        # record's reason naming the invoice (ALTER commits)
        pi_links.delete([invoice])
        frappe.db.commit()
        frappe.db.sql_ddl(
            "alter table `tabPurchase Invoice` "
            f"add column `{PI_LINK}` varchar(140), add column `{PI_MATCH_STATUS}` varchar(140), "
            f"add column `{PI_PERIOD}` varchar(6), add column `{PI_MATCH_REASON}` text"
        )
        forget_table_columns("tabPurchase Invoice")
        try:
            keep_cancelled_invoice_links.execute()
            move_invoice_links.execute()  # the upgrade's later patch, which moves the links
        finally:
            move_invoice_links.drop_old(frappe.db.get_table_columns("Purchase Invoice"))
        self.assertEqual(pi_links.get(invoice), name)
        _amendment(invoice).submit()
        self.assertEqual([q["company_gstin"] for q in self._reconciles_queued()], [self.gstin])

    def test_an_amendment_of_an_invoice_nothing_was_matched_to_reconciles_nothing(self):
        invoice = _invoice(self.company, "IMS-EVT-4")
        frappe.get_doc("Purchase Invoice", invoice).cancel()
        frappe.db.commit()
        _amendment(invoice).submit()
        self.assertFalse(self._reconciles_queued())

    def test_an_amendment_whose_released_record_was_matched_again_leaves_it_alone(self):
        invoice, name = self._cancelled("IMS-EVT-5", 2)
        frappe.db.set_value(INWARD_SUPPLY, name, {"match_reason": "matched again since"})
        frappe.db.commit()
        _amendment(invoice).submit()
        self.assertFalse(self._reconciles_queued())

    def test_deleting_an_invoice_leaves_no_dangling_link(self):
        invoice = _invoice(self.company, "IMS-EVT-2", submit=False)
        name = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name")[0]
        frappe.db.set_value(
            INWARD_SUPPLY, name, {"purchase_invoice": invoice, "match_status": "Manual Match"}
        )
        frappe.db.commit()
        frappe.delete_doc("Purchase Invoice", invoice, ignore_permissions=True)
        frappe.db.commit()
        row = frappe.db.get_value(
            INWARD_SUPPLY, name, ["purchase_invoice", "match_status", "match_reason"], as_dict=True
        )
        self.assertFalse(row.purchase_invoice)
        self.assertEqual(row.match_status, "Missing in PI")
        self.assertIn("deleted", row.match_reason)

    def test_the_loader_reads_invoices_and_their_returns_as_negative_credit_notes(self):
        invoice = _invoice(self.company, "IMS-EVT-3")
        from erpnext.controllers.sales_and_purchase_return import make_return_doc

        ret = make_return_doc("Purchase Invoice", invoice)
        ret.bill_no = "IMS-EVT-3-CN"
        ret.insert(ignore_permissions=True)
        ret.submit()
        fields = purchases.field_map()
        for name in (invoice, ret.name):
            frappe.db.set_value(
                "Purchase Invoice",
                name,
                {fields["company_gstin"]: self.gstin, fields["supplier_gstin"]: "29AABCB5678B1Z3"},
            )
        frappe.db.commit()
        loaded = {d.name: d for d in purchases.load(self.gstin, names=[invoice, ret.name])}
        self.assertEqual(loaded[invoice].bill_no, "IMS-EVT-3")
        self.assertEqual(loaded[invoice].amounts.taxable_value, 1000_00)
        self.assertEqual(loaded[invoice].document_type.value, "Invoice")
        self.assertEqual(loaded[ret.name].document_type.value, "Credit Note")
        self.assertEqual(loaded[ret.name].amounts.taxable_value, -1000_00)
        self.assertEqual(loaded[ret.name].supplier_gstin, "29AABCB5678B1Z3")

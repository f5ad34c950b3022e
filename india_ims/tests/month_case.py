"""A bench test case over one synthetic month of its own company GSTIN (``MONTH``: ``helpers.month``'s
arguments, a seed of its own so classes never share a GSTIN's rows). ``CLEAR_EACH``: every test
starts and ends with the GSTIN's records cleared, as Administrator. ``APPLIED``: the month's IMS
records are downloaded once for the class (committed) and cleared after it, as other suites count
every record of the test company."""

import frappe

from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase


class MonthCase(BaseTestCase):
    MONTH: dict = {"records": 40, "seed": 1}
    CLEAR_EACH = False
    APPLIED = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.month = helpers.month(**cls.MONTH)
        cls.gstin = cls.month.recipient_gstin
        helpers.register(cls.company, cls.gstin)
        if cls.APPLIED:
            from india_ims.ims.download import apply_records

            frappe.set_user("Administrator")
            helpers.clear(cls.gstin)
            apply_records(cls.company, cls.gstin, cls.month.ims_records)
            frappe.db.commit()

    @classmethod
    def tearDownClass(cls):
        if cls.APPLIED:
            helpers.clear(cls.gstin)
            frappe.db.commit()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if self.CLEAR_EACH:
            frappe.set_user("Administrator")
            helpers.clear(self.gstin)

    def tearDown(self):
        if self.CLEAR_EACH:
            frappe.set_user("Administrator")
            helpers.clear(self.gstin)
        super().tearDown()

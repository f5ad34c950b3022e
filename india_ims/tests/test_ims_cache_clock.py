"""Kept figures when the site's clock has gone back (its time zone changed to one behind, a summer time
ended): a write is then stamped earlier than the latest stamps, moves neither the latest ``modified``
nor the latest log time, and so no data version (``returns.cache``). Before, the Action Summary kept
from before such a write was served after it: the browser world, written in India's time one day and
in New York's the next, showed no Pending row for a record held Pending."""

import frappe
from frappe.utils import add_to_date, now_datetime

from india_ims.ims import api, figures_store
from india_ims.ims.constants import ACTION_LOG, INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests.month_case import MonthCase
from india_ims.tests.test_ims_action_summary_left_ims import _rows


class TestKeptFiguresWhenTheClockGoesBack(MonthCase):
    MONTH = {"records": 30, "seed": 97}
    CLEAR_EACH = True

    def _rejectable(self, period: str) -> list[str]:
        return frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "gstr2b_period": period, "section": "b2b",
                     "action": "No Action", "gstn_action": "No Action"},
            pluck="name",
            order_by="name",
        )

    def _rejected(self, period: str) -> int:
        frappe.db.commit()
        figures_store.ensure_fresh(self.gstin)  # settled: the summary is then kept
        row = _rows(api.get_action_summary(self.gstin, period)).get("Rejected")
        return int(row["count"]) if row else 0

    def test_a_write_stamped_before_the_latest_stamps_is_not_hidden_by_kept_figures(self):
        apply_records(self.company, self.gstin, list(self.month.ims_records))
        frappe.db.commit()
        figures_store.ensure_fresh(self.gstin)
        period = max(
            frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin, "section": "b2b"},
                           pluck="gstr2b_period"),
        )
        first, second = self._rejectable(period)[:2]
        self.assertEqual(api.set_action([first], "Rejected")["applied"], 1)
        # the first write stamped by a clock a day ahead of the one that stamps the next
        ahead = add_to_date(now_datetime(), days=1)
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set modified = %s where name = %s", (ahead, first))
        frappe.db.sql(f"update `tab{ACTION_LOG}` set logged_at = %s where inward_supply = %s", (ahead, first))
        self.assertEqual(self._rejected(period), 1)
        self.assertEqual(api.set_action([second], "Rejected")["applied"], 1)
        self.assertEqual(self._rejected(period), 2)

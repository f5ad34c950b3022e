"""The follow-up preview renders every letter from one read of its template and of the company, and
one compilation of its texts: a month of a lakh of records has hundreds of suppliers to write to,
and two reads per letter were most of the preview's statements (1,121 for 554 letters; 16 now),
two compilations per letter a third of its time."""

from unittest.mock import patch

import frappe
import jinja2

from india_ims.ims.outward import followup
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

GSTIN = "27AAAPA1234A1Z5"


def _letters(count: int) -> list:
    return [
        followup.core.Letter(
            f"IMS Statement Supplier {n}",
            f"29AABCS{n:04d}A1Z5",
            "",
            [{"text": f"S-{n}", "record": f"IMS-STATEMENTS-{n}", "record_doctype": "IMS Inward Supply"}],
        )
        for n in range(count)
    ]


class TestImsFollowUpStatements(BaseTestCase):
    def _compilations(self, count: int) -> int:
        compiled = []
        from_string = jinja2.Environment.from_string

        def counted(env, *args, **kwargs):
            compiled.append(args[0])
            return from_string(env, *args, **kwargs)

        with (
            patch.object(followup, "letters", return_value=_letters(count)),
            patch.object(jinja2.Environment, "from_string", counted),
        ):
            preview = followup.preview(GSTIN, helpers.PERIOD, "suppliers")
        self.assertEqual(len(preview["letters"]), count)
        self.assertIn("S-0", preview["letters"][0]["body"])
        return len(compiled)

    def _statements(self, count: int) -> int:
        issued = []
        sql = frappe.db.sql

        def counted(*args, **kwargs):
            issued.append(args[0])
            return sql(*args, **kwargs)

        with (
            patch.object(followup, "letters", return_value=_letters(count)),
            patch.object(frappe.db, "sql", counted),
        ):
            preview = followup.preview(GSTIN, helpers.PERIOD, "suppliers")
        self.assertEqual(len(preview["letters"]), count)
        return len(issued)

    def test_the_preview_reads_as_much_for_many_letters_as_for_one(self):
        followup.make_templates()
        self._statements(1)  # warm what Frappe caches on a first read (meta, the e-mail account)
        self.assertEqual(self._statements(30), self._statements(1))

    def test_the_preview_compiles_the_template_once_for_all_its_letters(self):
        followup.make_templates()
        self.assertEqual(self._compilations(30), self._compilations(1))

"""The follow-up preview renders every letter from one read of its template and of the company, and
one compilation of its texts: a month of a lakh of records has hundreds of suppliers to write to,
and two reads per letter were most of the preview's statements (1,121 for 554 letters; 16 now),
two compilations per letter a third of its time."""

from unittest.mock import patch

import frappe
import jinja2

from india_ims.ims import sqlwrite
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

    def _sent(self, count: int) -> tuple[list[str], list]:
        """A letter to a supplier listing ``count`` records (DocTypes stand in: links to real documents),
        one of them twice: the statements that wrote Communication Links, and the links written."""
        from india_ims.tests.test_ims_follow_up import supplier_with_mail

        party = supplier_with_mail()
        records = frappe.get_all("DocType", pluck="name", order_by="name", limit=count)
        lines = [{"text": name, "record": name, "record_doctype": "DocType"} for name in records]
        subject = f"IMS links test {count}"
        letter = followup.core.Letter(party, "29AABCS0001A1Z5", "gst@supplier.invalid", [*lines, lines[0]])
        issued = []
        execute, sql = sqlwrite.execute, frappe.db.sql

        def executed(query):
            issued.append(query)
            return execute(query)

        def run(query, *args, **kwargs):
            issued.append(str(query))
            return sql(query, *args, **kwargs)

        with (
            patch.object(sqlwrite, "execute", executed),
            patch.object(frappe.db, "sql", run),
            patch.object(frappe, "sendmail"),
        ):
            followup._send_one("suppliers", letter, subject, "<p>body</p>")
        name = frappe.db.get_value("Communication", {"subject": subject}, "name")
        links = frappe.get_all(
            "Communication Link",
            {"parent": name, "parenttype": "Communication"},
            ["link_doctype", "link_name", "idx", "parentfield"],
            order_by="idx",
        )
        writes = [q for q in issued if "Communication Link" in q and q.lstrip().lower().startswith("insert")]
        return writes, links

    def test_a_letter_links_its_records_in_one_statement_however_many_it_lists(self):
        followup.make_templates()
        one, _ = self._sent(1)
        many, links = self._sent(40)
        # Frappe's own links (the recipient's contact and what it links to), then the records in one
        self.assertEqual(len(many), len(one))
        records = [(link.link_doctype, link.link_name) for link in links if link.link_doctype == "DocType"]
        self.assertEqual(len(records), 40)
        self.assertEqual(len(set(records)), 40)  # the record listed twice is linked once
        # what Frappe links itself is kept beside them: the contact the letter goes to
        self.assertIn("Contact", {link.link_doctype for link in links})
        self.assertEqual([link.idx for link in links], list(range(1, len(links) + 1)))
        self.assertEqual({link.parentfield for link in links}, {"timeline_links"})

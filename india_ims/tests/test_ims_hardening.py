"""What a curious colleague and a careless request can do (issue 11 items 4, 5 and 7), in a bench:
app-only fields stay the app's, another company's GSTINs stay invisible on every path, and bad
input is a validation error that names the parameter."""

import inspect

import frappe
import frappe.client

from india_ims import compat
from india_ims.ims import api, bulk, tool_api
from india_ims.ims.constants import (
    INWARD_SUPPLY,
    KIND_UPLOAD,
    RETURN_PERIOD,
    SETTINGS,
    SYNC_LOG,
    SYNC_LOG_ERROR,
)
from india_ims.ims.protect import app_fields
from india_ims.ims.upload import ensure_return_period
from india_ims.tests import helpers

USER = "ims.hard.user@example.com"
MANAGER = "ims.hard.manager@example.com"
OTHER_COMPANY = "IMS Hidden Company"


def _another_value(df, current):
    """A valid value different from ``current`` for a field, or None where none can be made."""
    if df.fieldtype in ("Data", "Small Text", "Long Text", "Text", "Code"):
        return f"{current or ''}X"[-140:] if df.fieldtype == "Data" else f"{current or ''} changed"
    if df.fieldtype in ("Currency", "Float", "Int"):
        return (current or 0) + 7
    if df.fieldtype == "Check":
        return 0 if current else 1
    if df.fieldtype == "Select":
        options = [o for o in (df.options or "").split("\n") if o and o != current]
        return options[0] if options else None
    if df.fieldtype == "Date":
        return "2020-01-02" if str(current) != "2020-01-02" else "2020-01-03"
    if df.fieldtype == "Datetime":
        return "2020-01-02 03:04:05"
    if df.fieldtype == "Link" and df.options == "Company":
        return OTHER_COMPANY if current != OTHER_COMPANY else helpers.company()
    return None


class TestImsHardening(helpers.TwoCompanyTestCase):
    USER, MANAGER = USER, MANAGER
    OTHER_COMPANY, OTHER_ABBR = OTHER_COMPANY, "IMSHC"
    RECORDS, OTHER_RECORDS, SEED = 30, 8, 81

    # ------------------------------------------------------------ item 4: app-only fields

    def test_no_app_only_field_of_a_record_changes_through_a_form_or_rest_save(self):
        name = self._names(self.gstin)[0]
        meta = frappe.get_meta(INWARD_SUPPLY)
        fields = app_fields(meta)
        for required in ("supplier_name", "upload_error", "last_upload_reference", "content_digest"):
            self.assertIn(required, fields)
        self.assertIn("downloaded_on", fields)
        before = frappe.db.get_value(INWARD_SUPPLY, name, "*", as_dict=True)
        tried = []
        for user in (USER, MANAGER, "Administrator"):
            frappe.set_user(user)
            for fieldname in fields:
                value = _another_value(meta.get_field(fieldname), before.get(fieldname))
                if value is None:
                    continue
                tried.append(fieldname)
                with self.assertRaises(frappe.PermissionError, msg=f"{user} changed {fieldname}"):
                    frappe.client.set_value(INWARD_SUPPLY, name, fieldname, value)
                frappe.db.rollback()
        frappe.set_user("Administrator")
        self.assertGreater(len(set(tried)), 40)
        after = frappe.db.get_value(INWARD_SUPPLY, name, "*", as_dict=True)
        self.assertEqual({f: after[f] for f in fields}, {f: before[f] for f in fields})

    def test_job_bookkeeping_cannot_be_rewritten_even_by_administrator(self):
        log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company)
        with self.assertRaises(frappe.PermissionError):
            frappe.client.set_value(SYNC_LOG, log, "status", "Completed")
        frappe.db.rollback()
        period = ensure_return_period(self.company, self.gstin, helpers.PERIOD)
        frappe.db.commit()
        frappe.set_user(MANAGER)
        with self.assertRaises(frappe.PermissionError):
            frappe.client.set_value(RETURN_PERIOD, period, "gstr2b_status", "Generated")
        frappe.db.rollback()
        # what the user records (GSTR-3B filed) stays the user's
        frappe.client.set_value(RETURN_PERIOD, period, "gstr3b_filed", 1)
        frappe.set_user("Administrator")
        self.assertEqual(frappe.db.get_value(RETURN_PERIOD, period, "gstr2b_status"), "Not Generated")
        frappe.db.delete(RETURN_PERIOD, {"name": period})
        frappe.db.commit()

    # ------------------------------------------------------------ item 5: other companies stay invisible

    def test_the_settings_gstin_table_shows_only_the_users_companies(self):
        frappe.set_user(USER)
        if compat.frappe_major() >= compat.V16:
            # Frappe 16 judges a child table of a Single by the Single itself, which this user may not
            # open (settings_permission): the rows are refused outright instead of filtered.
            with self.assertRaises(frappe.PermissionError):
                frappe.client.get_list("IMS Settings GSTIN", parent=SETTINGS, fields=["gstin"])
            with self.assertRaises(frappe.PermissionError):
                frappe.client.get_value(
                    "IMS Settings GSTIN", "gstin", {"gstin": self.other_gstin}, parent=SETTINGS
                )
        else:
            rows = frappe.client.get_list(
                "IMS Settings GSTIN", parent=SETTINGS, fields=["gstin", "company"], limit_page_length=0
            )
            self.assertIn(self.gstin, {row.gstin for row in rows})
            self.assertEqual({row.company for row in rows}, {self.company})
            value = frappe.client.get_value(
                "IMS Settings GSTIN", "gstin", {"gstin": self.other_gstin}, parent=SETTINGS
            )
            self.assertFalse(value)
        with self.assertRaises(frappe.PermissionError):
            frappe.client.get(SETTINGS)

    def test_a_sync_logs_errors_of_another_company_stay_hidden(self):
        mine = helpers.new_log(KIND_UPLOAD, self.gstin, self.company)
        theirs = helpers.new_log(KIND_UPLOAD, self.other_gstin, self.other)
        error = {"section": "b2b", "supplier_gstin": "X", "document_number": "D", "message": "m"}
        for log in (mine, theirs):
            bulk.insert_children(
                SYNC_LOG_ERROR, SYNC_LOG, log, "record_errors", [error], ("section", "message")
            )
        frappe.db.commit()
        frappe.set_user(USER)
        parents = {
            row.parent
            for row in frappe.client.get_list(
                SYNC_LOG_ERROR, parent=SYNC_LOG, fields=["parent"], limit_page_length=0
            )
        }
        self.assertIn(mine, parents)
        self.assertNotIn(theirs, parents)
        self.assertNotIn(theirs, set(frappe.get_list(SYNC_LOG, pluck="name", limit=0)))

    def test_lists_and_documents_of_another_company_stay_hidden(self):
        from india_ims.ims.constants import ACTION_LOG

        theirs = self._names(self.other_gstin)
        frappe.set_user("Administrator")
        api.set_action(theirs[:2], "Rejected", mode="valid_only")
        helpers.new_log(KIND_UPLOAD, self.other_gstin, self.other)
        ensure_return_period(self.other, self.other_gstin, helpers.PERIOD)
        frappe.db.commit()
        frappe.set_user(USER)
        for doctype in (INWARD_SUPPLY, ACTION_LOG, SYNC_LOG, RETURN_PERIOD):
            companies = set(frappe.get_list(doctype, pluck="company", limit=0))
            self.assertNotIn(self.other, companies, doctype)
        with self.assertRaises(frappe.PermissionError):
            frappe.client.get(INWARD_SUPPLY, theirs[0])
        frappe.set_user("Administrator")
        frappe.db.delete(RETURN_PERIOD, {"company_gstin": self.other_gstin})
        frappe.db.commit()

    def test_every_whitelisted_method_refuses_another_company_without_naming_it(self):
        theirs = helpers.new_log(KIND_UPLOAD, self.other_gstin, self.other)
        record = self._names(self.other_gstin)[0]
        arguments = {
            "company_gstin": self.other_gstin,
            "period": helpers.PERIOD,
            "names": [record],
            "name": record,
            "sync_log": theirs,
            "action": "Rejected",
            "purchase_invoice": "ACC-PINV-NONE",
            "otp": "575757",
        }
        frappe.set_user(MANAGER)
        checked = []
        for module in (api, tool_api):
            for fname, function in inspect.getmembers(module, inspect.isfunction):
                if function.__module__ != module.__name__ or fname.startswith("_"):
                    continue
                if function not in frappe.whitelisted:
                    continue
                params = inspect.signature(function).parameters
                if not params or not set(params) & {"company_gstin", "names", "name", "sync_log"}:
                    continue
                kwargs = {p: arguments[p] for p in params if p in arguments}
                with self.assertRaises(frappe.PermissionError, msg=fname) as refused:
                    function(**kwargs)
                self.assertNotIn(OTHER_COMPANY, str(refused.exception), fname)
                checked.append(fname)
        self.assertGreaterEqual(len(checked), 20, checked)

    def test_a_gstin_of_another_company_reads_like_one_that_is_not_set_up(self):
        frappe.set_user(USER)
        with self.assertRaises(frappe.PermissionError) as hidden:
            api.get_documents(self.other_gstin)
        with self.assertRaises(frappe.PermissionError) as unknown:
            api.get_documents("27AAAAA0000A1Z5")
        self.assertEqual(
            str(hidden.exception).replace(self.other_gstin, "G"),
            str(unknown.exception).replace("27AAAAA0000A1Z5", "G"),
        )

    # ------------------------------------------------------------ item 7: bad input, named, 417

    def _refused(self, call, parameter: str):
        with self.assertRaises(frappe.ValidationError) as raised:
            call()
        self.assertEqual(raised.exception.http_status_code, 417)
        self.assertIn(parameter, str(raised.exception))

    def test_bad_input_is_a_validation_error_naming_the_parameter(self):
        frappe.set_user(USER)
        self._refused(lambda: api.get_documents(self.gstin, period="132025"), "period")
        self._refused(lambda: api.get_match_summary(self.gstin, period="Nov"), "period")
        self._refused(lambda: tool_api.get_itc_at_stake(self.gstin, "2025-10"), "period")
        self._refused(
            lambda: api.get_documents(self.gstin, filters={"section": {"$ne": "x"}}), "filters.section"
        )
        self._refused(
            lambda: api.get_action_summary(self.gstin, filters='{"action": [{"a": 1}]}'), "filters.action"
        )
        self._refused(
            lambda: api.get_documents(self.gstin, filters='{"date_from": "last week"}'), "date_from"
        )
        self._refused(lambda: api.get_documents(self.gstin, filters={"date_to": "2025-02-30"}), "date_to")
        self._refused(lambda: api.set_action('[{"name": "x"}]', "Accepted"), "names")
        self._refused(lambda: api.set_action("[1, 2]", "Accepted"), "names")
        self._refused(lambda: api.get_documents(self.gstin, filters={"search": ["a"]}), "search")
        with self.assertRaises(frappe.ValidationError):
            api.get_documents(self.gstin, filters="{not json")

    def test_a_good_date_filter_still_selects(self):
        frappe.set_user(USER)
        everything = api.get_documents(self.gstin, page_length=500)["total"]
        result = api.get_documents(self.gstin, filters={"date_from": "2000-01-01", "date_to": "2100-12-31"})
        self.assertEqual(result["total"], everything)
        self.assertEqual(api.get_documents(self.gstin, filters={"date_from": "2100-01-01"})["total"], 0)

    def test_search_matches_the_characters_typed(self):
        names = self._names(self.gstin)
        frappe.db.set_value(
            INWARD_SUPPLY, names[0], "supplier_name", "Fifty 50%_OFF Traders", update_modified=False
        )
        frappe.db.set_value(
            INWARD_SUPPLY, names[1], "supplier_name", "Fifty 50 OFF Traders", update_modified=False
        )
        frappe.db.set_value(
            INWARD_SUPPLY, names[2], "supplier_name", "Fifty 500xOFF Traders", update_modified=False
        )
        frappe.db.commit()
        frappe.set_user(USER)

        def found(text):
            rows = api.get_documents(self.gstin, filters={"search": text}, page_length=500)["rows"]
            return {row["name"] for row in rows}

        def typed(text):
            return {n for n in names if text.lower() in _text(n).lower()}

        self.assertEqual(found("50%_OFF"), {names[0]})
        for text in ("%", "_", "50 OFF", "%_", "0%"):
            self.assertEqual(found(text), typed(text), text)
        self.assertEqual(typed("%"), {names[0]})  # without escaping, "%" would match every record


def _text(name: str) -> str:
    row = frappe.db.get_value(INWARD_SUPPLY, name, ["document_number", "supplier_gstin", "supplier_name"])
    return " ".join(str(part or "") for part in row)

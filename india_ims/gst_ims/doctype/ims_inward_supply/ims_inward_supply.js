// IMS Inward Supply form: a record as GSTN sent it, with its reconciliation and action. Every field is
// written by the download, the reconciliation or the IMS Tool's rules-checked actions (the server
// refuses any other save), so the form offers no Save button that could only fail.
frappe.ui.form.on("IMS Inward Supply", {
	refresh(frm) {
		frm.disable_save();
	},
});

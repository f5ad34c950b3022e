// IMS Inward Supply in the list, the report view and the form (Frappe runs this file whenever it loads
// the DocType, before any of them draws a value). Its text is GSTN's, as the supplier typed it, written
// in bulk without Frappe's save-time cleaning, while Frappe writes Data and Small Text values as HTML:
// every text field gets an escaping formatter here. A place of supply reads "27-Maharashtra" and a
// return period "Oct 2026", as GST documents print them; the stored values stay "27" and "102026".

{% include "india_ims/public/js/ims_format.js" %}

(() => {
	const fields = frappe.meta.docfield_map["IMS Inward Supply"] || {};
	const esc = (value) => frappe.utils.escape_html(value == null ? "" : String(value));
	const multiline = (value) => esc(value).replace(/\n/g, "<br>");
	const PERIODS = ["supplier_return_period", "gstr2b_period", "fig_period"];
	Object.values(fields).forEach((df) => {
		if (["Data", "Select"].includes(df.fieldtype)) df.formatter = (value) => esc(__(value == null ? "" : value));
		if (["Small Text", "Text", "Long Text"].includes(df.fieldtype)) df.formatter = multiline;
	});
	// numbers, names and remarks are the supplier's words: never translated
	["document_number", "supplier_name", "original_document_number", "supplier_gstin", "company_gstin"].forEach(
		(name) => fields[name] && (fields[name].formatter = esc)
	);
	if (fields.place_of_supply) fields.place_of_supply.formatter = (value) => esc(ims_place_of_supply(value));
	PERIODS.forEach((name) => fields[name] && (fields[name].formatter = (value) => esc(ims_period_label(value))));
})();

frappe.listview_settings["IMS Inward Supply"] = {
	// the name is a hash; the document number (the title) says which record it is
	hide_name_column: true,
};

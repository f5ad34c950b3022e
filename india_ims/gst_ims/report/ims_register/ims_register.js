// IMS register for auditors: every record of a period, its action, who set it and when, its GSTR-2B period.
frappe.query_reports["IMS Register"] = {
	filters: [
		{ fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Data", reqd: 1 },
		{ fieldname: "period", label: __("Return Period (MMYYYY)"), fieldtype: "Data", reqd: 1 },
		{ fieldname: "period_of", label: __("Period Of"), fieldtype: "Select", options: ["GSTR-2B", "Supplier's filing"], default: "GSTR-2B" },
		{ fieldname: "action", label: __("Action"), fieldtype: "Select", options: ["", "No Action", "Accepted", "Rejected", "Pending"] },
		{ fieldname: "supplier_gstin", label: __("Supplier GSTIN"), fieldtype: "Data" },
	],
	// Frappe's report grid writes a Data value as HTML: a supplier's number or name such as
	// <img src=x onerror=...> would run. Escaped for the screen only; the export keeps the text.
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldtype === "Data" && typeof value === "string") value = frappe.utils.escape_html(value);
		return default_formatter(value, row, column, data);
	},
	onload(report) {
		frappe.xcall("india_ims.ims.returns.api.get_returns_setup").then((setup) => {
			const first = (setup.gstins || [])[0];
			if (first && !report.get_filter_value("company_gstin")) report.set_filter_value("company_gstin", first.gstin);
			if (!report.get_filter_value("period")) report.set_filter_value("period", setup.default_period);
		});
	},
};

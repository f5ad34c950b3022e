// Supplier-wise ITC at stake: what accepting everything would give, less what the current actions give.
frappe.query_reports["IMS Supplier ITC at Stake"] = {
	filters: [
		{ fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Data", reqd: 1 },
		{ fieldname: "period", label: __("Return Period (MMYYYY)"), fieldtype: "Data", reqd: 1 },
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

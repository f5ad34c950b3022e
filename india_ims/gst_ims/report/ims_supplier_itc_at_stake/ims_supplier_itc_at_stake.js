// Supplier-wise ITC at stake: what accepting everything would give, less what the current actions give.
frappe.query_reports["IMS Supplier ITC at Stake"] = {
	filters: [
		{ fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Data", reqd: 1 },
		{ fieldname: "period", label: __("Return Period (MMYYYY)"), fieldtype: "Data", reqd: 1 },
	],
	onload(report) {
		frappe.xcall("india_ims.ims.returns.api.get_returns_setup").then((setup) => {
			const first = (setup.gstins || [])[0];
			if (first && !report.get_filter_value("company_gstin")) report.set_filter_value("company_gstin", first.gstin);
			if (!report.get_filter_value("period")) report.set_filter_value("period", setup.default_period);
		});
	},
};

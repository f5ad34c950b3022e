// IMS register for auditors: every record of a period, its action, who set it and when, its GSTR-2B period.
// On screen: a summary and the first rows; Download Full Register writes every record.
{% include "india_ims/public/js/ims_format.js" %}
{% include "india_ims/public/js/ims_report_filters.js" %}

frappe.query_reports["IMS Register"] = {
	// a getter: the period options are built each time the report sets its filters up (see ims_report_periods)
	get filters() {
		return [
			ims_report_gstin_filter(),
			ims_report_period_filter(),
			{
				fieldname: "period_of",
				label: __("Period Of"),
				fieldtype: "Select",
				options: [
					{ value: "GSTR-2B", label: __("By GSTR-2B period") },
					{ value: "Supplier's filing", label: __("By supplier's filing") },
				],
				default: "GSTR-2B",
			},
			{ fieldname: "action", label: __("Action"), fieldtype: "Select", options: ["", "No Action", "Accepted", "Rejected", "Pending"] },
			{ fieldname: "supplier_gstin", label: __("Supplier GSTIN"), fieldtype: "Data" },
		];
	},
	formatter(value, row, column, data, default_formatter) {
		return default_formatter(ims_report_escape(value, column), row, column, data);
	},
	onload(report) {
		// The screen holds the first rows of a long month (its message says so); every record comes
		// as a CSV file, streamed by the server.
		report.page.add_inner_button(__("Download Full Register"), () => {
			const filters = report.get_filter_values(true);
			if (!filters) return; // a mandatory filter is missing: the report says which
			// posted like the menu's Export: the file downloads, the report stays
			open_url_post("/api/method/india_ims.ims.returns.api.download_register", { filters });
		});
		return ims_report_onload(report); // the report waits for the GSTIN and period it sets
	},
};

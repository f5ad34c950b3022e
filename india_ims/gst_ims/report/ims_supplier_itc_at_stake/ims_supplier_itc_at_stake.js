// Supplier-wise ITC at stake: what accepting everything would give, less what the current actions give.
{% include "india_ims/public/js/ims_format.js" %}
{% include "india_ims/public/js/ims_report_filters.js" %}

frappe.query_reports["IMS Supplier ITC at Stake"] = {
	// a getter: the period options are built each time the report sets its filters up (see ims_report_periods)
	get filters() {
		return [ims_report_gstin_filter(), ims_report_period_filter(__("GSTR-3B Period"))];
	},
	formatter(value, row, column, data, default_formatter) {
		return default_formatter(ims_report_escape(value, column), row, column, data);
	},
	onload: ims_report_onload,
};

// The Company GSTIN and return-period filters of the IMS reports, and what they open on. Inlined into each
// report's script after ims_format.js; only function declarations (see there).

function ims_report_periods() {
	// This month and the 23 before it, plus a period a link or a saved route asks for: the report reads
	// its filters each time it is set up, and the route's values are applied right after.
	const today = frappe.datetime.str_to_obj(frappe.datetime.get_today());
	const keys = [];
	for (let back = 0; back < 24; back++) {
		const d = new Date(today.getFullYear(), today.getMonth() - back, 1);
		keys.push(String(d.getMonth() + 1).padStart(2, "0") + d.getFullYear());
	}
	const asked = frappe.route_options && frappe.route_options.period;
	return [{ value: "", label: "" }].concat(ims_period_options(keys, asked ? String(asked) : ""));
}

function ims_report_gstin_filter() {
	// Any GSTIN the user may read (the server checks); the list offered is filled on load.
	return { fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Autocomplete", options: [], reqd: 1 };
}

function ims_report_period_filter(label) {
	// A select of periods shown as "Oct 2026"; the filter's value stays MMYYYY (the server's, the URL's).
	return { fieldname: "period", label: label || __("Return Period"), fieldtype: "Select", options: ims_report_periods(), reqd: 1 };
}

function ims_report_onload(report) {
	// Opens on the GSTIN and period the user last worked on in the IMS Tool, else the first GSTIN and
	// the period being filed; a value the route gave is kept. Returned, so the report waits for it.
	return frappe
		.xcall("india_ims.ims.returns.api.get_returns_setup")
		.then((setup) => {
			const gstins = (setup.gstins || []).map((row) => row.gstin);
			const gstin_filter = report.get_filter("company_gstin");
			gstin_filter.df.options = gstins;
			gstin_filter.set_data(gstins);
			const last = setup.last || {};
			const values = {};
			let gstin = report.get_filter_value("company_gstin");
			if (!gstin) {
				gstin = gstins.includes(last.company_gstin) ? last.company_gstin : gstins[0];
				if (gstin) values.company_gstin = gstin;
			}
			if (!report.get_filter_value("period")) {
				const row = (setup.gstins || []).find((r) => r.gstin === gstin) || {};
				const wanted = (last.company_gstin === gstin && last.period) || row.default_period || setup.default_period;
				const period_filter = report.get_filter("period");
				const keys = (period_filter.df.options || []).map((o) => o.value).filter(Boolean);
				period_filter.df.options = [{ value: "", label: "" }].concat(ims_period_options(keys, wanted));
				period_filter.refresh();
				if (wanted) values.period = wanted;
			}
			// set while the report holds its refresh (onload runs inside it): it then runs once, with both
			return Promise.all(Object.entries(values).map(([name, value]) => report.get_filter(name).set_value(value)));
		})
		.catch(() => null);
}

function ims_report_escape(value, column) {
	// Frappe's report grid writes a Data value as HTML: a supplier's number or name such as
	// <img src=x onerror=...> would run. Escaped (and periods and places named) for the screen only;
	// the export keeps the stored text.
	if (value == null || typeof value !== "string") return value;
	if (["supplier_return_period", "gstr2b_period", "period"].includes(column.fieldname)) return ims_period_label(value);
	if (column.fieldname === "place_of_supply") return frappe.utils.escape_html(ims_place_of_supply(value));
	if (column.fieldname === "section") return frappe.utils.escape_html(ims_section_label(value));
	if (column.fieldtype === "Data") return frappe.utils.escape_html(value);
	return value;
}

// IMS Tool: Match Summary, Document View and Action Summary of one company GSTIN and period.
// Everything is paged, filtered and summed on the server; the browser holds one page of rows.
// The other parts are inlined by Frappe's page loader (include directives below).

// One closure: the page script may be evaluated again, and top-level const/class would clash.
(() => {
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_views.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_actions.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_jobs.js" %}

const IMS_API = "india_ims.ims.api.";
const IMS_TOOL_API = "india_ims.ims.tool_api.";
const IMS_SECTIONS = ["", "b2b", "b2ba", "b2bdn", "b2bdna", "b2bcn", "b2bcna", "ecom", "ecoma"];
const IMS_MATCH = ["", "Exact Match", "Suggested Match", "Mismatch", "Manual Match", "Missing in PI"];
const IMS_ACTIONS = ["", "No Action", "Accepted", "Rejected", "Pending"];

frappe.pages["ims-tool"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("IMS Tool"), single_column: true });
	wrapper.ims_tool = new ImsTool(page, wrapper);
};

frappe.pages["ims-tool"].on_page_show = function (wrapper) {
	if (wrapper.ims_tool) wrapper.ims_tool.refresh_jobs();
};

class ImsTool {
	constructor(page, wrapper) {
		this.page = page;
		this.wrapper = wrapper;
		this.setup = { gstins: [], companies: [] };
		this.tab = "match";
		this.make_layout();
		this.jobs = new ImsJobs(this);
		this.actions = new ImsActions(this);
		this.views = new ImsViews(this);
		this.load_setup();
	}

	// ------------------------------------------------------------ layout and filters

	make_layout() {
		// Appended, not .html(): the page's filter bar (page_form) lives inside main too.
		const $main = $(`<div class="ims-tool"></div>`).appendTo(this.page.main);
		$main.html(`
			<div class="ims-status small text-muted" style="margin-bottom: var(--margin-sm)"></div>
			<ul class="nav nav-tabs ims-tabs" role="tablist">
				<li class="nav-item"><a class="nav-link active" data-tab="match" href="#">${__("Match Summary")}</a></li>
				<li class="nav-item"><a class="nav-link" data-tab="documents" href="#">${__("Document View")}</a></li>
				<li class="nav-item"><a class="nav-link" data-tab="actions" href="#">${__("Action Summary")}</a></li>
			</ul>
			<div class="ims-tab-body" style="padding-top: var(--padding-md)"></div>`);
		$main.on("click", ".ims-tabs .nav-link", (e) => {
			e.preventDefault();
			this.show_tab($(e.currentTarget).data("tab"));
		});
		this.$main = $main;
		this.$status = $main.find(".ims-status");
		this.$body = $main.find(".ims-tab-body");
		this.make_filters();
	}

	make_filters() {
		const add = (df) => this.page.add_field({ ...df, change: () => this.on_filter_change(df.fieldname) });
		this.fields = {
			company: add({ fieldname: "company", label: __("Company"), fieldtype: "Select", options: [] }),
			company_gstin: add({ fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Select", options: [] }),
			period: add({ fieldname: "period", label: __("Return Period"), fieldtype: "Select", options: [] }),
			period_field: add({
				fieldname: "period_field",
				label: __("Period of"),
				fieldtype: "Select",
				options: [
					{ value: "supplier_return_period", label: __("Supplier's filing") },
					{ value: "gstr2b_period", label: __("GSTR-2B") },
				],
				default: "supplier_return_period",
			}),
			section: add({ fieldname: "section", label: __("Section"), fieldtype: "Select", options: IMS_SECTIONS }),
			supplier_gstin: add({ fieldname: "supplier_gstin", label: __("Supplier GSTIN"), fieldtype: "Data" }),
			match_status: add({ fieldname: "match_status", label: __("Match Status"), fieldtype: "Select", options: IMS_MATCH }),
			action: add({ fieldname: "action", label: __("Local Action"), fieldtype: "Select", options: IMS_ACTIONS }),
			gstn_action: add({ fieldname: "gstn_action", label: __("GSTN Action"), fieldtype: "Select", options: IMS_ACTIONS }),
			upload_pending: add({ fieldname: "upload_pending", label: __("Changed, not uploaded"), fieldtype: "Check" }),
			search: add({ fieldname: "search", label: __("Search number / supplier"), fieldtype: "Data" }),
		};
	}

	load_setup() {
		frappe.xcall(IMS_TOOL_API + "get_tool_setup").then((setup) => {
			this.setup = setup;
			if (!setup.gstins.length) {
				this.$body.html(`<div class="text-muted">${__(
					"No company GSTIN is set up. Add one in {0}.",
					[`<a href="${ims_desk_url("IMS Settings")}">${__("IMS Settings")}</a>`]
				)}</div>`);
				return;
			}
			this.silent(() => {
				this.fields.company.df.options = setup.companies;
				this.fields.company.refresh();
				// Open on the GSTIN holding the most records: the one most likely worked on.
				const busiest = [...setup.gstins].sort((a, b) => b.records - a.records)[0];
				this.fields.company.set_input(busiest.company);
				this.fill_gstins();
			});
			this.jobs.make_buttons(setup.can_upload);
			this.on_filter_change("company_gstin");
		});
	}

	silent(fn) {
		this._silent = true;
		try {
			fn();
		} finally {
			this._silent = false;
		}
	}

	fill_gstins() {
		const company = this.fields.company.get_value();
		const gstins = this.setup.gstins.filter((row) => row.company === company).map((row) => row.gstin);
		this.fields.company_gstin.df.options = gstins;
		this.fields.company_gstin.refresh();
		const rows = this.setup.gstins.filter((row) => row.company === company);
		const busiest = [...rows].sort((a, b) => b.records - a.records)[0];
		this.fields.company_gstin.set_input((busiest && busiest.gstin) || gstins[0] || "");
	}

	fill_periods(periods, quarterly) {
		// The last 15 months (quarter ends for a QRMP filer) plus every period that holds records.
		const options = new Map();
		(periods || []).forEach((row) => row.period && options.set(row.period, row.count));
		const today = frappe.datetime.str_to_obj(frappe.datetime.get_today());
		for (let back = 0; back < 15; back++) {
			const d = new Date(today.getFullYear(), today.getMonth() - back, 1);
			const key = String(d.getMonth() + 1).padStart(2, "0") + d.getFullYear();
			if (!options.has(key)) options.set(key, 0);
		}
		const keys = [...options.keys()]
			.filter((key) => !quarterly || Number(key.slice(0, 2)) % 3 === 0 || options.get(key))
			.sort((a, b) => (b.slice(2) + b.slice(0, 2)).localeCompare(a.slice(2) + a.slice(0, 2)));
		const label = (key) => {
			const d = new Date(Number(key.slice(2)), Number(key.slice(0, 2)) - 1, 1);
			const month = d.toLocaleString("en", { month: "short" });
			const quarter = quarterly && Number(key.slice(0, 2)) % 3 === 0 ? ` (${__("quarter end")})` : "";
			const count = options.get(key) ? ` · ${options.get(key)}` : "";
			return `${month} ${d.getFullYear()}${quarter}${count}`;
		};
		const current = this.fields.period.get_value();
		this.fields.period.df.options = keys.map((key) => ({ value: key, label: label(key) }));
		this.fields.period.refresh();
		const with_data = keys.find((key) => options.get(key));
		this.fields.period.set_input(keys.includes(current) ? current : with_data || keys[0]);
		if (quarterly) this.fields.period_field.set_input("gstr2b_period");
	}

	on_filter_change(fieldname) {
		if (this._silent) return;
		if (fieldname === "company") {
			this.silent(() => this.fill_gstins());
			fieldname = "company_gstin";
		}
		if (fieldname === "company_gstin") {
			this.jobs.refresh_jobs().then((info) => {
				this.silent(() => this.fill_periods(info && info.periods, info && info.quarterly));
				this.views.reset_paging();
				this.refresh();
			});
			return;
		}
		this.views.reset_paging();
		this.refresh();
	}

	refresh_jobs() {
		return this.jobs.refresh_jobs();
	}

	// ------------------------------------------------------------ state the views share

	get gstin() {
		return this.fields.company_gstin.get_value();
	}

	args() {
		// The server's filters: empty ones are dropped there too.
		const v = (name) => this.fields[name].get_value();
		const filters = {
			section: v("section"),
			supplier_gstin: (v("supplier_gstin") || "").trim().toUpperCase(),
			match_status: v("match_status"),
			action: v("action"),
			gstn_action: v("gstn_action"),
			search: (v("search") || "").trim(),
		};
		if (v("upload_pending")) filters.upload_pending = 1;
		Object.keys(filters).forEach((key) => !filters[key] && delete filters[key]);
		return {
			company_gstin: this.gstin,
			period: v("period"),
			period_field: v("period_field") || "supplier_return_period",
			filters,
		};
	}

	set_filters(values) {
		this.silent(() => Object.entries(values).forEach(([key, value]) => this.fields[key].set_input(value)));
		this.views.reset_paging();
	}

	show_tab(tab) {
		this.tab = tab;
		this.$main.find(".ims-tabs .nav-link").removeClass("active");
		this.$main.find(`.ims-tabs .nav-link[data-tab="${tab}"]`).addClass("active");
		this.refresh();
	}

	refresh() {
		if (!this.gstin) return;
		this.views.render(this.tab);
	}
}
})();

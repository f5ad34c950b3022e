// Invoice Management (IMS): Match Summary, Document View and Action Summary of one company GSTIN and
// one GSTR-3B period (the period a CA files by). Everything is paged, filtered and summed on the server;
// the browser holds one page of rows. Every value from the server is escaped where it is written.
// The other parts are inlined by Frappe's page loader (include directives below).

// One closure: the page script may be evaluated again, and top-level const/class would clash.
(() => {
{% include "india_ims/public/js/ims_format.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_summary_rows.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_views.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_stake.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_actions.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_links.js" %}
{% include "india_ims/gst_ims/page/ims_tool/ims_tool_jobs.js" %}

const IMS_API = "india_ims.ims.api.";
const IMS_TOOL_API = "india_ims.ims.tool_api.";
const IMS_REFUSALS_API = "india_ims.ims.refusals_api.";
const IMS_SECTION_LABELS = ims_section_labels();
const IMS_MATCH = ["", "Exact Match", "Suggested Match", "Mismatch", "Manual Match", "Missing in PI"];
const IMS_ACTIONS = ["", "No Action", "Accepted", "Rejected", "Pending"];

// A filter's choices, with the blank one (no filter) first: [[value, label], ...].
function ims_choices(pairs) {
	return [{ value: "", label: "" }].concat(pairs.map(([value, label]) => ({ value, label })));
}

function ims_esc(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

frappe.pages["ims-tool"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Invoice Management (IMS)"),
		single_column: true,
	});
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
		this.links = new ImsLinks(this);
		this.views = new ImsViews(this);
		this.load_setup();
	}

	// ------------------------------------------------------------ layout and filters

	make_layout() {
		// Appended, not .html(): the page's filter bar (page_form) lives inside main too.
		const $main = $(`<div class="ims-tool"></div>`).appendTo(this.page.main);
		$main.html(`
			<div class="ims-status small text-muted"></div>
			<div class="ims-banners"></div>
			<ul class="nav nav-tabs ims-tabs" role="tablist">
				<li class="nav-item"><a class="nav-link active" data-tab="match" href="#">${__("Match Summary")}</a></li>
				<li class="nav-item"><a class="nav-link" data-tab="documents" href="#">${__("Document View")}</a></li>
				<li class="nav-item"><a class="nav-link" data-tab="actions" href="#">${__("Action Summary")}</a></li>
			</ul>
			<div class="ims-filter-note small text-muted"></div>
			<div class="ims-tab-body"></div>`);
		$main.on("click", ".ims-tabs .nav-link", (e) => {
			e.preventDefault();
			this.show_tab($(e.currentTarget).data("tab"));
		});
		this.$main = $main;
		this.$status = $main.find(".ims-status");
		this.$banners = $main.find(".ims-banners");
		this.$body = $main.find(".ims-tab-body");
		this.$filter_note = $main.find(".ims-filter-note");
		this.make_filters();
	}

	make_filters() {
		const add = (df) => this.page.add_field({ ...df, change: () => this.on_filter_change(df.fieldname) });
		this.fields = {
			company: add({ fieldname: "company", label: __("Company"), fieldtype: "Select", options: [] }),
			company_gstin: add({ fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Select", options: [] }),
			period: add({ fieldname: "period", label: __("GSTR-3B Period"), fieldtype: "Select", options: [] }),
			supplier_period: add({
				fieldname: "supplier_period",
				label: __("Supplier's filing period"),
				fieldtype: "Select",
				options: [],
			}),
			section: add({
				fieldname: "section",
				label: __("Section"),
				fieldtype: "Select",
				options: ims_choices(Object.entries(IMS_SECTION_LABELS)),
			}),
			supplier_gstin: add({ fieldname: "supplier_gstin", label: __("Supplier GSTIN"), fieldtype: "Data" }),
			match_status: add({ fieldname: "match_status", label: __("Match Status"), fieldtype: "Select", options: IMS_MATCH }),
			action: add({ fieldname: "action", label: __("Local Action"), fieldtype: "Select", options: IMS_ACTIONS }),
			gstn_action: add({ fieldname: "gstn_action", label: __("GSTN Action"), fieldtype: "Select", options: IMS_ACTIONS }),
			// The Action Summary's two tables (filed, saved but not filed) open their rows on it.
			filing: add({
				fieldname: "filing",
				label: __("Supplier filing"),
				fieldtype: "Select",
				options: ims_choices([
					["Filed", __("Filed by supplier")],
					["Not Filed", __("Not filed by supplier")],
				]),
			}),
			upload_pending: add({ fieldname: "upload_pending", label: __("Changed, not uploaded"), fieldtype: "Check" }),
			// FAQ 21: the Action Summary's "Left IMS" row and its other rows open the list on this
			// (``summary_left.left_filter``: "1" only those, "0" every other record)
			left_ims: add({
				fieldname: "left_ims",
				label: __("Left IMS (Section 16(4), FAQ 21)"),
				fieldtype: "Select",
				options: ims_choices([
					["1", __("Only these")],
					["0", __("Left out")],
				]),
			}),
			// FAQ 13: the Action Summary's "Replaced" row and its other rows open the list on this
			// (``summary_replaced.replaced_filter``: "1" only the originals, "0" every other record)
			replaced: add({
				fieldname: "replaced",
				label: __("Replaced by its amendment (FAQ 13)"),
				fieldtype: "Select",
				options: ims_choices([
					["1", __("Only these")],
					["0", __("Left out")],
				]),
			}),
			search: add({ fieldname: "search", label: __("Search number / supplier"), fieldtype: "Data" }),
		};
		// On a phone the dozen filters would push the table off the screen: they fold behind one button.
		const $form = $(this.page.page_form).addClass("ims-filters");
		$(`<button class="btn btn-xs btn-default ims-filter-toggle">${__("More filters")}</button>`)
			.prependTo(this.$main)
			.on("click", (e) => {
				$form.toggleClass("ims-filters-open");
				$(e.currentTarget).text($form.hasClass("ims-filters-open") ? __("Fewer filters") : __("More filters"));
			});
	}

	load_setup() {
		frappe
			.xcall(IMS_TOOL_API + "get_tool_setup")
			.then((setup) => {
				this.setup = setup;
				if (!setup.gstins.length) {
					this.$body.html(`<div class="text-muted">${__("No company GSTIN is set up. Add one in {0}.", [
						`<a href="${ims_desk_url("IMS Settings")}">${__("IMS Settings")}</a>`,
					])}</div>`);
					return;
				}
				// Open on the GSTIN and period the user last worked on, else the GSTIN holding the most records.
				const last = setup.last || {};
				const chosen =
					setup.gstins.find((row) => row.gstin === last.company_gstin) ||
					[...setup.gstins].sort((a, b) => b.records - a.records)[0];
				this.silent(() => {
					this.fields.company.df.options = setup.companies;
					this.fields.company.refresh();
					this.fields.company.set_input(chosen.company);
					this.fill_gstins(chosen.gstin);
				});
				this.wanted_period = last.company_gstin === chosen.gstin ? last.period : null;
				this.jobs.make_buttons(setup.can_upload);
				this.on_filter_change("company_gstin");
			})
			.catch((error) => this.show_error(error, () => this.load_setup()));
	}

	silent(fn) {
		this._silent = true;
		try {
			fn();
		} finally {
			this._silent = false;
		}
	}

	gstin_row() {
		return this.setup.gstins.find((row) => row.gstin === this.gstin) || {};
	}

	fill_gstins(wanted) {
		const company = this.fields.company.get_value();
		const rows = this.setup.gstins.filter((row) => row.company === company);
		this.fields.company_gstin.df.options = rows.map((row) => row.gstin);
		this.fields.company_gstin.refresh();
		const busiest = [...rows].sort((a, b) => b.records - a.records)[0];
		const pick = rows.find((row) => row.gstin === wanted) || busiest;
		this.fields.company_gstin.set_input((pick && pick.gstin) || "");
	}

	fill_periods(periods, quarterly) {
		// The last 15 months (quarter ends for a QRMP filer) plus every period that holds records.
		const options = new Map();
		(periods || []).forEach((row) => row.period && options.set(row.period, row.count));
		const today = frappe.datetime.str_to_obj(frappe.datetime.get_today());
		for (let back = -1; back < 15; back++) {
			const d = new Date(today.getFullYear(), today.getMonth() - back, 1);
			const key = String(d.getMonth() + 1).padStart(2, "0") + d.getFullYear();
			if (back >= 0 && !options.has(key)) options.set(key, 0);
		}
		const order = (key) => key.slice(2) + key.slice(0, 2);
		const keys = [...options.keys()]
			.filter((key) => !quarterly || Number(key.slice(0, 2)) % 3 === 0 || options.get(key))
			.sort((a, b) => order(b).localeCompare(order(a)));
		const label = (key) => {
			const quarter = quarterly && Number(key.slice(0, 2)) % 3 === 0 ? ` (${__("quarter")})` : "";
			const count = options.get(key) ? ` · ${options.get(key)}` : "";
			return `${ims_period_label(key)}${quarter}${count}`;
		};
		const default_period = this.gstin_row().default_period || this.setup.default_period;
		if (default_period && !keys.includes(default_period)) keys.unshift(default_period);
		this.fields.period.df.options = keys.map((key) => ({ value: key, label: label(key) }));
		this.fields.period.refresh();
		const wanted = this.wanted_period;
		this.wanted_period = null;
		this.fields.period.set_input(keys.includes(wanted) ? wanted : default_period || keys[0]);
		// The supplier's filing period narrows the GSTR-3B period; it never replaces it.
		const supplier_keys = [...options.keys()].sort((a, b) => order(b).localeCompare(order(a)));
		this.fields.supplier_period.df.options = ims_choices(supplier_keys.map((key) => [key, ims_period_label(key)]));
		this.fields.supplier_period.refresh();
		this.fields.supplier_period.set_input("");
	}

	on_filter_change(fieldname) {
		if (this._silent) return;
		if (fieldname === "company") {
			this.silent(() => this.fill_gstins());
			fieldname = "company_gstin";
		}
		if (fieldname === "company_gstin") {
			// Another GSTIN: its own jobs, its own default period, no selection carried over.
			this.jobs.reset();
			this.views.reset_paging();
			this.$body.html(`<div class="text-muted">${__("Loading...")}</div>`);
			this.jobs
				.refresh_jobs()
				.then((info) => {
					this.silent(() => this.fill_periods(info && info.periods, info && info.quarterly));
					this.on_period_change();
				})
				.catch((error) => this.show_error(error, () => this.on_filter_change("company_gstin")));
			return;
		}
		if (fieldname === "period") return this.on_period_change();
		this.views.reset_paging();
		this.refresh();
	}

	on_period_change() {
		this.views.reset_paging();
		this.refresh();
		const gstin = this.gstin;
		const period = this.fields.period.get_value();
		frappe.xcall(IMS_TOOL_API + "remember_view", { company_gstin: gstin, period }).catch(() => null);
		frappe
			.xcall(IMS_TOOL_API + "get_period_info", { company_gstin: gstin, period })
			.then((info) => {
				if (gstin !== this.gstin) return;
				this.period_info = info;
				this.render_banners();
				this.jobs.render_status();
			})
			.catch(() => null);
	}

	render_banners() {
		const info = this.period_info;
		const parts = [];
		if (info && info.section_16_4_past) {
			parts.push(`<div class="alert alert-warning ims-banner-16-4">${__(
				"{0} is past Section 16(4): ITC on invoices and debit notes of this period could be claimed until {1}. Those kept Pending have left IMS (FAQ 21); on the others only Reject is allowed.",
				[`<b>${ims_esc(info.label)}</b>`, ims_esc(frappe.datetime.str_to_user(info.section_16_4_deadline))]
			)}</div>`);
		}
		if (info && info.gstr3b_filed) {
			parts.push(`<div class="alert alert-info">${__("The GSTR-3B of {0} is filed: its actions are final.", [
				ims_esc(info.label),
			])}</div>`);
		}
		this.$banners.html(parts.join(""));
	}

	refresh_jobs() {
		// frappe.call has shown the server's message; nothing is left unhandled
		return this.jobs.refresh_jobs().catch(() => null);
	}

	show_error(error, retry) {
		// A failed call never leaves "Loading...": say what happened and offer to try again.
		const message = (error && (error.message || error.exc_type)) || __("The server did not answer");
		this.$body.html(`<div class="alert alert-danger ims-error">
			<div>${__("Could not load this view.")} <span class="text-muted">${ims_esc(message)}</span></div>
			<button class="btn btn-xs btn-default ims-retry" style="margin-top: var(--margin-sm)">${__("Try again")}</button>
		</div>`);
		this.$body.find(".ims-retry").on("click", () => (retry ? retry() : this.refresh()));
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
			supplier_return_period: v("supplier_period"),
			match_status: v("match_status"),
			action: v("action"),
			gstn_action: v("gstn_action"),
			search: (v("search") || "").trim(),
			left_ims: v("left_ims"),
			replaced: v("replaced"),
		};
		if (v("upload_pending")) filters.upload_pending = 1;
		if (v("filing")) filters.supplier_filing_status = v("filing");
		Object.keys(filters).forEach((key) => !filters[key] && delete filters[key]);
		return { company_gstin: this.gstin, period: v("period"), period_field: "gstr2b_period", filters };
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
		this.render_filter_note();
		this.views.render(this.tab);
	}

	render_filter_note() {
		// Every tab (its cards and totals too) counts only what the filters select: said above the tab,
		// so a filtered Action Summary is not read as the period's.
		const names = ["supplier_period", "section", "supplier_gstin", "match_status", "action", "gstn_action", "filing", "upload_pending", "left_ims", "replaced", "search"];
		const shown = names
			.filter((name) => this.fields[name].get_value())
			.map((name) => {
				const field = this.fields[name];
				const value = field.get_value();
				if (field.df.fieldtype === "Check") return `<b>${ims_esc(field.df.label)}</b>`;
				const text =
					name === "supplier_period"
						? ims_period_label(value)
						: name === "section"
						? ims_section_label(value)
						: name === "left_ims" || name === "replaced" || name === "filing"
						? (field.df.options.find((option) => option.value === value) || {}).label
						: __(value);
				return `${ims_esc(field.df.label)}: <b>${ims_esc(text)}</b>`;
			});
		this.$filter_note.html(
			shown.length
				? `${__("Only documents matching")} ${shown.join(" · ")} <a href="#" class="ims-clear-filters">${__("Clear filters")}</a>`
				: ""
		);
		this.$filter_note.find(".ims-clear-filters").on("click", (e) => {
			e.preventDefault();
			this.set_filters(Object.fromEntries(names.map((name) => [name, this.fields[name].df.fieldtype === "Check" ? 0 : ""])));
			this.refresh();
		});
	}
}
})();

// GSTR-2B & 3B Preview (IMS): the local GSTR-2B preview beside GSTN's, what explains every rupee of
// difference, GSTR-3B Table 4, the month's charts, and period close. Figures come summed from the
// server; every value written into HTML goes through esc() or money().

{% include "india_ims/public/js/ims_format.js" %}

(() => {
const IMS_RETURNS_API = "india_ims.ims.returns.api.";
const HEADS = ["igst", "cgst", "sgst", "cess"];
let progress_handler = null;
const HEAD_LABEL = { igst: "IGST", cgst: "CGST", sgst: "SGST", cess: "Cess", total: "Total" };

function esc(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

function money(value) {
	// "-₹15,404.69" with Indian grouping (ims_format.js), as a CA writes a negative figure
	return esc(ims_inr(flt(value)));
}

function month_label(period) {
	const month = cint(period.slice(0, 2));
	return `${moment().month(month - 1).format("MMM")} ${period.slice(2)}`;
}

frappe.pages["ims-returns"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("GSTR-2B & 3B Preview (IMS)"),
		single_column: true,
	});
	wrapper.ims_returns = new ImsReturns(page);
};

class ImsReturns {
	constructor(page) {
		this.page = page;
		this.$main = $(`<div class="ims-returns"></div>`).appendTo(page.main);
		this.fields = {
			company_gstin: page.add_field({
				fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Select", options: [],
				change: () => this.on_gstin(),
			}),
			period: page.add_field({
				fieldname: "period", label: __("Return Period"), fieldtype: "Select", options: [],
				change: () => this.refresh(),
			}),
		};
		page.set_primary_action(__("Download GSTR-2B"), () => this.download(), "download");
		page.add_inner_button(__("Refresh"), () => this.refresh());
		// Off with our own handler only: the IMS Tool listens to the same event.
		if (progress_handler) frappe.realtime.off("ims_sync_progress", progress_handler);
		progress_handler = (data) => {
			if (data && data.stage === "done" && data.sync_log === this.waiting_for) this.refresh();
		};
		frappe.realtime.on("ims_sync_progress", progress_handler);
		frappe.xcall(IMS_RETURNS_API + "get_returns_setup").then((setup) => this.set_up(setup));
	}

	set_up(setup) {
		this.setup = setup;
		if (setup.can_close) {
			page_menu(this.page, __("Mark GSTR-3B Filed"), () => this.close_period());
		}
		if (setup.can_reopen) {
			page_menu(this.page, __("Reopen Period"), () => this.reopen_period());
		}
		const gstins = setup.gstins.map((row) => ({ value: row.gstin, label: esc(row.gstin + " (" + row.company + ")") }));
		this.fields.company_gstin.df.options = gstins;
		this.fields.company_gstin.refresh();
		// Open on the GSTIN the user last worked on in the IMS Tool (or was sent here with), not
		// on whichever sorts first: a group with several GSTINs would otherwise read another's month.
		const wanted = (frappe.route_options || {}).company_gstin || (setup.last || {}).company_gstin;
		const chosen = gstins.find((row) => row.value === wanted) || gstins[0];
		if (chosen) this.fields.company_gstin.set_input(chosen.value);
		this.on_gstin();
	}

	gstin_row() {
		const gstin = this.fields.company_gstin.get_value();
		return (this.setup.gstins || []).find((row) => row.gstin === gstin) || {};
	}

	on_gstin() {
		// Fifteen months back from the default; a QRMP filer sees every month (M1 and M2 say why
		// there is no GSTR-2B) with the quarter's figures.
		const start = this.setup.default_period;
		let year = cint(start.slice(2)), month = cint(start.slice(0, 2));
		const options = [];
		for (let i = 0; i < 15; i++) {
			const key = `${String(month).padStart(2, "0")}${year}`;
			options.push({ value: key, label: month_label(key) });
			month -= 1;
			if (month === 0) { month = 12; year -= 1; }
		}
		const current = this.fields.period.get_value();
		this.fields.period.df.options = options;
		this.fields.period.refresh();
		this.fields.period.set_input(options.some((o) => o.value === current) ? current : start);
		this.refresh();
	}

	args() {
		return { company_gstin: this.fields.company_gstin.get_value(), period: this.fields.period.get_value() };
	}

	refresh(quiet) {
		const args = this.args();
		clearTimeout(this.poll);
		if (!args.company_gstin || !args.period) {
			this.$main.html(`<div class="text-muted">${esc(__("Set up a company GSTIN in IMS Settings."))}</div>`);
			return;
		}
		const token = (this.token = (this.token || 0) + 1);
		if (!quiet) this.$main.html(`<div class="text-muted">${esc(__("Loading..."))}</div>`);
		frappe.xcall(IMS_RETURNS_API + "get_comparison", args).then((data) => {
			if (token !== this.token) return;
			this.data = data;
			this.render(data);
			frappe.xcall(IMS_RETURNS_API + "get_charts", args).then((charts) => {
				if (token === this.token) this.render_charts(charts);
			});
			if (data.behind) {
				// the background refresh is adding records: ask again until the figures are final
				this.poll = setTimeout(() => {
					if (token === this.token && $(this.page.wrapper).is(":visible")) this.refresh(true);
				}, 4000);
			}
		});
	}

	// ------------------------------------------------------------ rendering

	render(data) {
		const g = data.gstr2b;
		const source = g
			? __("GSTN's GSTR-2B: generation {0} ({1}), generated {2}, downloaded {3}, {4} file(s), {5} documents ({6} linked to IMS records)", [
				g.generation, g.status, frappe.datetime.str_to_user(g.generated_on),
				frappe.datetime.str_to_user(g.downloaded_on), g.file_count, g.document_count, g.linked_count])
			: __("GSTN's GSTR-2B of this period is not downloaded.");
		const quarter = data.quarter_month
			? `<div class="alert alert-info">${esc(data.quarter_month.message)}</div>` : "";
		const words = (data.words || []).map((w) => `<li>${esc(w)}</li>`).join("");
		this.$main.html(`
			${data.behind ? `<div class="alert alert-warning ims-r-behind">${esc(data.behind.message)}</div>` : ""}
			${quarter}
			<div class="ims-r-head">
				<h4>${esc(__("GSTR-2B of {0}", [data.period_label]))}${data.quarterly ? " " + esc(__("(GSTR-2BQ, quarterly)")) : ""}</h4>
				<div class="text-muted small">${esc(source)}</div>
				${words ? `<ul class="ims-r-words">${words}</ul>` : ""}
			</div>
			<div class="ims-r-section"><h5>${esc(__("Local preview beside GSTN's GSTR-2B"))}</h5>${this.comparison_html(data)}</div>
			<div class="ims-r-section ims-r-reasons">${this.reasons_html(data)}</div>
			<div class="ims-r-section ims-r-drill"></div>
			<div class="ims-r-section"><h5>${esc(__("GSTR-3B Table 4"))}</h5>${this.table4_html(data)}</div>
			<div class="ims-r-section ims-r-charts">
				<h5>${esc(__("The month in pictures"))}</h5>
				<div class="row">
					<div class="col-md-6"><div class="ims-chart-action"></div></div>
					<div class="col-md-6"><div class="ims-chart-suppliers"></div></div>
				</div>
				<div class="ims-chart-trend"></div>
			</div>
			<div class="ims-r-section">${this.close_html(data)}</div>`);
		this.$main.find(".ims-r-drill-link").on("click", (e) => {
			e.preventDefault();
			const $a = $(e.currentTarget);
			this.drill($a.data("reason") || null, $a.data("block") || null, 1);
		});
		this.$main.find(".ims-r-copy").on("click", (e) => {
			const which = $(e.currentTarget).data("which");
			frappe.utils.copy_to_clipboard(which === "gstn" ? data.copy_gstn : data.copy_local);
		});
	}

	comparison_html(data) {
		const head = HEADS.concat(["total"]).map((h) => `<th class="text-right">${esc(__(HEAD_LABEL[h]))}</th>`).join("");
		const cells = (amounts) => HEADS.concat(["total"])
			.map((h) => `<td class="text-right">${amounts ? money(amounts[h]) : "-"}</td>`).join("");
		const rows = data.blocks.map((b) => {
			const differs = b.difference && Math.abs(b.difference.total) + HEADS.reduce((s, h) => s + Math.abs(b.difference[h]), 0) > 0.001;
			const diff_row = b.difference
				? `<tr class="ims-r-diff ${differs ? "text-danger" : ""}"><td>${esc(__("Difference"))}
					${differs ? `<a href="#" class="ims-r-drill-link small" data-block="${esc(b.block)}">${esc(__("documents"))}</a>` : ""}
					${b.reconciles ? "" : `<span class="text-danger small">${esc(__("does not reconcile"))}</span>`}</td>${cells(b.difference)}</tr>`
				: "";
			const summary_only = b.summary_only && Math.abs(b.summary_only.total) > 0.001
				? `<tr class="text-muted small"><td>${esc(__("of which in a summary without documents"))}</td>${cells(b.summary_only)}</tr>` : "";
			return `<tr class="ims-r-block"><th colspan="6">${esc(__(b.block))} <span class="text-muted small">${esc(local_records(b.records))}</span></th></tr>
				<tr><td>${esc(__("Local preview"))}</td>${cells(b.local)}</tr>
				<tr><td>${esc(__("GSTN's GSTR-2B"))}</td>${cells(b.gstn)}</tr>${diff_row}${summary_only}`;
		}).join("");
		return `<table class="table table-bordered table-sm ims-r-compare"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>
			<div class="text-muted small">${esc(__("Net ITC per block: Part A less Part B credit notes. {0} record(s) left out of the preview (Pending).", [data.left_out]))}</div>`;
	}

	reasons_html(data) {
		if (!data.reasons.length) {
			return data.gstr2b ? `<div class="text-muted">${esc(__("Every document counts the same on both sides."))}</div>` : "";
		}
		const blocks = ["ITC Available", "ITC Not Available", "ITC Rejected", "ITC Reversal"];
		const rows = data.reasons.map((r) => `<tr>
			<td><a href="#" class="ims-r-drill-link" data-reason="${esc(r.code)}">${esc(__(r.text))}</a></td>
			<td class="text-right">${esc(r.records)}</td>
			${blocks.map((b) => `<td class="text-right">${r.effects[b] ? money(r.effects[b].total) : ""}</td>`).join("")}</tr>`).join("");
		return `<h5>${esc(__("What explains the difference"))}</h5>
			<table class="table table-bordered table-sm"><thead><tr><th>${esc(__("Reason"))}</th><th class="text-right">${esc(__("Records"))}</th>
			${blocks.map((b) => `<th class="text-right">${esc(__(b))}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`;
	}

	drill(reason, block, page_no) {
		const $drill = this.$main.find(".ims-r-drill");
		$drill.html(`<div class="text-muted">${esc(__("Loading..."))}</div>`);
		frappe.xcall(IMS_RETURNS_API + "get_difference_documents", { ...this.args(), reason, block, page: page_no, page_length: 50 })
			.then((result) => {
				const rows = result.rows.map((r) => {
					const effects = Object.entries(r.effects).map(([b, a]) => `${esc(__(b))}: ${money(a.total)}`).join("<br>");
					const link = r.inward_supply
						? `<a href="${esc(frappe.utils.get_form_link("IMS Inward Supply", r.inward_supply))}">${esc(r.document_number)}</a>`
						: esc(r.document_number);
					return `<tr><td>${esc(r.supplier_gstin)}<div class="text-muted small">${esc(r.supplier_name)}</div></td>
						<td>${link}</td><td>${esc(__(r.reason_text))}</td>
						<td>${esc(r.local_block ? __(r.local_block) : __("left out"))}<div class="small text-muted">${esc(r.local_action ? __("action: {0}", [r.local_action]) : "")}</div></td>
						<td>${esc(r.gstn_block ? __(r.gstn_block) : __("not in GSTN's 2B"))}<div class="small text-muted">${esc(gstn_note(r))}</div></td>
						<td class="text-right">${effects}</td></tr>`;
				}).join("");
				const pages = Math.max(1, Math.ceil(result.total / result.page_length));
				$drill.html(`<h5>${esc(__("Documents behind the difference"))} <span class="text-muted small">${esc(__("{0} document(s)", [result.total]))}</span></h5>
					<table class="table table-bordered table-sm"><thead><tr><th>${esc(__("Supplier"))}</th><th>${esc(__("Document"))}</th>
					<th>${esc(__("Why"))}</th><th>${esc(__("Local preview"))}</th><th>${esc(__("GSTN's GSTR-2B"))}</th><th class="text-right">${esc(__("Difference (local less GSTN)"))}</th></tr></thead>
					<tbody>${rows}</tbody></table>
					<div class="small">${esc(__("Page {0} of {1}", [result.page, pages]))}
					${result.page > 1 ? `<a href="#" class="ims-r-page" data-page="${result.page - 1}">${esc(__("Previous"))}</a>` : ""}
					${result.page < pages ? `<a href="#" class="ims-r-page" data-page="${result.page + 1}">${esc(__("Next"))}</a>` : ""}</div>`);
				$drill.find(".ims-r-page").on("click", (e) => {
					e.preventDefault();
					this.drill(reason, block, cint($(e.currentTarget).data("page")));
				});
			});
	}

	table4_html(data) {
		const rows = data.table4.map((r) => `<tr>
			<td><b>${esc(r.row)}</b></td><td>${esc(__(r.label))}<div class="small text-muted">${esc(__(r.source))}</div></td>
			${HEADS.map((h) => `<td class="text-right">${money(r.local[h])}</td>`).join("")}
			<td class="text-right">${r.gstn ? money(r.gstn.total) : "-"}</td>
			<td class="text-right ${r.difference && Math.abs(r.difference.total) > 0.001 ? "text-danger" : ""}">${r.difference ? money(r.difference.total) : "-"}</td></tr>`).join("");
		const add_back = data.supplier_add_back && data.supplier_add_back.total
			? __("Credit notes you reject add {0} back to your suppliers' liability in their next GSTR-3B (FAQ 34).", [ims_inr(data.supplier_add_back.total)])
			: __("No credit note of this period is rejected: nothing is added back to your suppliers' liability (FAQ 34).");
		return `<table class="table table-bordered table-sm ims-r-table4"><thead><tr><th>${esc(__("Row"))}</th><th>${esc(__("Description"))}</th>
			${HEADS.map((h) => `<th class="text-right">${esc(__(HEAD_LABEL[h]))} ${esc(__("(local)"))}</th>`).join("")}
			<th class="text-right">${esc(__("GSTN total"))}</th><th class="text-right">${esc(__("Difference"))}</th></tr></thead><tbody>${rows}</tbody></table>
			<div class="small text-muted">${esc(__("3.1(d) reverse charge liability (local): {0}", [ims_inr(data.rcm_3_1d.total)]))}</div>
			<div class="small text-muted">${esc(add_back)}</div>
			${this.own_added_back_html(data.own_added_back)}
			${data.behind ? `<div class="small text-muted ims-r-copy-off">${esc(__("Copying Table 4 is off until the records being added are in."))}</div>` : `
			<div class="ims-r-copybar">
				<button class="btn btn-xs btn-default ims-r-copy" data-which="local">${esc(__("Copy Table 4 (local preview)"))}</button>
				${data.copy_gstn ? `<button class="btn btn-xs btn-default ims-r-copy" data-which="gstn">${esc(__("Copy Table 4 (GSTN's GSTR-2B)"))}</button>` : ""}
			</div>
			<pre class="ims-r-copytext small">${esc(data.copy_gstn || data.copy_local)}</pre>`}`;
	}

	own_added_back_html(own) {
		// Our own credit notes and amendments rejected by customers (supplier view, FAQ 34): a line of its own.
		if (!own) return "";
		// the months of a quarterly filer's GSTR-3B, in words (a monthly filer's is the period itself)
		const months = own.periods.length > 1 ? " (" + own.periods.map(month_label).join(", ") + ")" : "";
		if (!own.documents) {
			return `<div class="small text-muted ims-r-own-added-back">${esc(__("Added back to your liability (FAQ 34): nothing lands in the GSTR-3B of {0}{1} from the supplier view.", [own.period_label, months]))}</div>`;
		}
		const awaiting = own.awaiting ? __("{0} awaiting the customer's GSTR-3B", [own.awaiting]) : "";
		return `<table class="table table-bordered table-sm ims-r-own-added-back"><tbody><tr>
			<td><b>${esc(own.table)}</b></td>
			<td>${esc(__("Added back to your liability: {0} document(s) rejected by customers, landing in the GSTR-3B of {1}", [own.documents, own.period_label]))}
				<div class="small text-muted">${esc(__(own.table_words))}${awaiting ? "; " + esc(awaiting) : ""}</div></td>
			${HEADS.map((h) => `<td class="text-right">${money(own[h])}</td>`).join("")}
			<td class="text-right"><b>${money(own.total)}</b></td></tr></tbody></table>`;
	}

	close_html(data) {
		const c = data.close || {};
		const status = c.filed
			? __("GSTR-3B marked filed on {0} by {1}: actions of this period are frozen (FAQ 12).", [frappe.datetime.str_to_user(c.gstr3b_filed_on), c.gstr3b_filed_by || ""])
			: __("GSTR-3B not marked filed.");
		const events = (c.events || []).map((e) => `<tr><td>${esc(__(e.event))}</td><td>${esc(e.user)}</td>
			<td>${esc(frappe.datetime.str_to_user(e.at))}</td><td>${esc(e.reason)}</td><td>${esc(e.outcome)}</td></tr>`).join("");
		return `<h5>${esc(__("Period close"))}</h5><div>${esc(status)}</div>
			${events ? `<table class="table table-sm table-bordered small"><thead><tr><th>${esc(__("Event"))}</th><th>${esc(__("User"))}</th><th>${esc(__("At"))}</th><th>${esc(__("Reason"))}</th><th>${esc(__("Outcome"))}</th></tr></thead><tbody>${events}</tbody></table>` : ""}`;
	}

	render_charts(charts) {
		const colors = ["#29cd42", "#5e64ff", "#ff5858", "#ffa00a", "#7575ff", "#a3a3a3"];
		const by = charts.by_action;
		if (by.datasets.length) {
			new frappe.Chart(this.$main.find(".ims-chart-action")[0], {
				title: __("ITC by action and match status"),
				type: "bar",
				height: 260,
				barOptions: { stacked: 1 },
				data: { labels: by.labels.map((l) => __(l)), datasets: by.datasets.map((d) => ({ name: __(d.name), values: d.values })) },
				colors,
				...ims_chart_money(),
			});
		}
		const top = charts.top_suppliers || [];
		if (top.length) {
			new frappe.Chart(this.$main.find(".ims-chart-suppliers")[0], {
				title: __("Suppliers with the most ITC at stake"),
				type: "bar",
				height: 260,
				data: {
					labels: top.map((s, i) => `#${i + 1}`),
					datasets: [
						{ name: __("Rejected"), values: top.map((s) => flt(s.rejected)) },
						{ name: __("Pending"), values: top.map((s) => flt(s.pending)) },
					],
				},
				barOptions: { stacked: 1 },
				colors: ["#ff5858", "#ffa00a"],
				...ims_chart_money(),
			});
			const list = top.map((s, i) => `<tr><td>#${i + 1}</td><td>${esc(s.supplier_gstin)}</td><td>${esc(s.supplier_name || "")}</td>
				<td class="text-right">${esc(s.records)}</td><td class="text-right">${money(s.at_stake)}</td></tr>`).join("");
			$(`<table class="table table-sm small ims-r-stake"><thead><tr><th></th><th>${esc(__("Supplier GSTIN"))}</th><th>${esc(__("Name"))}</th>
				<th class="text-right">${esc(__("Records"))}</th><th class="text-right">${esc(__("ITC at stake"))}</th></tr></thead><tbody>${list}</tbody></table>`)
				.appendTo(this.$main.find(".ims-chart-suppliers"));
		} else {
			this.$main.find(".ims-chart-suppliers").html(`<div class="text-muted">${esc(__("No ITC at stake: every record is accepted or deemed accepted."))}</div>`);
		}
		const trend = charts.trend;
		new frappe.Chart(this.$main.find(".ims-chart-trend")[0], {
			title: __("Accepted, rejected and pending ITC, last 12 periods"),
			type: "line",
			height: 240,
			data: { labels: trend.labels, datasets: trend.datasets.map((d) => ({ name: __(d.name), values: d.values })) },
			colors: ["#29cd42", "#ff5858", "#ffa00a"],
			lineOptions: { regionFill: 0, dotSize: 3 },
			...ims_chart_money(),
			// a series of months: labels spaced out whole, where a narrow desk cut "Dec 2025" to "Dec ..."
			axisOptions: { ...ims_chart_money().axisOptions, xIsSeries: 1 },
		});
	}

	// ------------------------------------------------------------ actions

	download() {
		frappe.xcall(IMS_RETURNS_API + "start_gstr2b_download", this.args()).then((r) => {
			this.waiting_for = r.sync_log;
			frappe.show_alert({ message: esc(__("GSTR-2B download queued ({0})", [r.sync_log])), indicator: "blue" });
			this.follow(r.sync_log);
		});
	}

	login_then_download() {
		const gstin = this.args().company_gstin;
		frappe.xcall("india_ims.ims.api.request_otp", { company_gstin: gstin }).then(() => {
			const dialog = new frappe.ui.Dialog({
				title: __("GSTN login for {0}", [esc(gstin)]),
				fields: [
					{ fieldtype: "HTML", options: `<p class="small text-muted">${esc(__("GSTN asks for a new login before it serves the GSTR-2B."))}</p>` },
					{ fieldname: "otp", fieldtype: "Data", label: __("OTP sent to the GSTIN's registered mobile") },
				],
				primary_action_label: __("Log in and download"),
				primary_action: (values) => {
					const otp = (values.otp || "").trim();
					if (!otp) return frappe.show_alert({ message: __("Type the OTP"), indicator: "orange" });
					frappe.xcall("india_ims.ims.api.login", { company_gstin: gstin, otp }).then(() => {
						dialog.hide();
						this.download();
					}).catch(() => null);
				},
			});
			dialog.show();
		}).catch(() => null);
	}

	follow(sync_log) {
		// The job's end is told in words, failed or not (the realtime event only refreshed the page
		// on success, so a refused or unreachable GSTN looked like a button that did nothing); polled,
		// since realtime may not reach the page.
		const poll = () => frappe.xcall("india_ims.ims.api.get_sync_status", { sync_log }).then((log) => {
			if (this.waiting_for !== sync_log) return;
			if (["Queued", "Running"].includes(log.status) && log.stage !== "waiting for GSTN") {
				setTimeout(poll, 3000);
				return;
			}
			this.waiting_for = null;
			if (log.error_code === "GSTN_LOGIN_REQUIRED") {
				this.login_then_download();  // as the IMS Tool does: the OTP, then the same download once more
				return;
			}
			const ok = log.status === "Completed";
			const waiting = log.stage === "waiting for GSTN";
			frappe.msgprint({
				title: ok ? __("GSTR-2B downloaded") : waiting ? __("GSTR-2B: GSTN is preparing it") : __("GSTR-2B not downloaded"),
				message: `<p class="ims-r-job-outcome">${esc(log.message || log.status)}</p>`,
				indicator: ok ? "green" : waiting ? "blue" : "red",
			});
			this.refresh();
		}).catch(() => { this.waiting_for = null; });
		setTimeout(poll, 2000);
	}

	close_period() {
		const args = this.args();
		frappe.xcall(IMS_RETURNS_API + "get_close_preview", args).then((plan) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Mark GSTR-3B of {0} filed", [month_label(plan.period)]),
				fields: [
					{ fieldtype: "HTML", options: close_figures_html(plan) },
					{ fieldname: "filed_on", fieldtype: "Date", label: __("Filed On"), default: frappe.datetime.get_today(), reqd: 1 },
					{ fieldname: "discard_not_uploaded", fieldtype: "Check", label: __("Drop the actions never uploaded"), hidden: !plan.not_uploaded },
				],
				primary_action_label: __("Mark Filed"),
				primary_action: (values) => {
					frappe.xcall(IMS_RETURNS_API + "mark_gstr3b_filed", { ...args, ...values }).then((r) => {
						dialog.hide();
						frappe.show_alert({ message: esc(r.message), indicator: "green" });
						this.refresh();
					});
				},
			});
			dialog.show();
		});
	}

	reopen_period() {
		const args = this.args();
		frappe.prompt(
			[{ fieldname: "reason", fieldtype: "Small Text", label: __("Why is the period reopened?"), reqd: 1 }],
			(values) => frappe.xcall(IMS_RETURNS_API + "reopen_period", { ...args, reason: values.reason }).then((r) => {
				frappe.show_alert({ message: esc(r.message), indicator: "orange" });
				this.refresh();
			}),
			__("Reopen {0}", [month_label(args.period)]),
			__("Reopen")
		);
	}
}

function gstn_note(r) {
	// What GSTN holds now, and what its GSTR-2B was built with when that differs.
	const held = r.gstn_action ? __("GSTN holds: {0}", [r.gstn_action]) : "";
	const built = r.action_in_2b && r.action_in_2b !== r.gstn_action ? __("2B built with: {0}", [r.action_in_2b]) : "";
	return [held, built].filter(Boolean).join("; ");
}

function count(value) {
	// Indian grouping (1,23,456), as the rupee figures on this page
	return format_number(cint(value), "#,##,###.##", 0);
}

function local_records(n) {
	return cint(n) === 1 ? __("1 local record") : __("{0} local records", [count(n)]);
}

function close_figures_html(plan) {
	// What closing the period would do, one figure a line; data-ims-close names each for the browser test.
	const rows = [
		["records", __("Records of the period")],
		["leave_ims", __("Leave IMS with the action GSTN holds")],
		["stay_pending", __("Stay Pending into the next period")],
		["deemed_accepted", __("Deemed accepted: credit notes and other specified records kept Pending past their window (their period and the next)")],
	].map(([key, label]) => `<tr><td>${esc(label)}</td>
		<td class="text-right" data-ims-close="${esc(key)}" data-value="${esc(cint(plan[key]))}">${esc(count(plan[key]))}</td></tr>`).join("");
	return `<table class="table table-sm table-bordered"><tbody>${rows}</tbody></table>
		${plan.not_uploaded ? `<p class="text-danger">${esc(__("{0} local action(s) were never uploaded: GSTN froze the action it holds.", [count(plan.not_uploaded)]))}</p>` : ""}`;
}

function page_menu(page, label, action) {
	page.add_menu_item(label, action);
}
})();

// IMS Supplier View: our sales as our customers' IMS shows them (FAQ 18), the liabilities their
// rejections add back (FAQ 34), and follow-up e-mails. Every value is escaped where it is written.

(() => {
{% include "india_ims/public/js/ims_format.js" %}
const SV_API = "india_ims.ims.outward.api.";
const SV_ACTIONS = ["Accepted", "Rejected", "Pending", "No Action"];
const SV_MATCH = ["", "Exact Match", "Suggested Match", "Mismatch", "Manual Match", "Not in Sales Register"];
const SV_COLOURS = { Accepted: "green", Rejected: "red", Pending: "orange", "No Action": "gray",
	"Exact Match": "green", "Suggested Match": "blue", Mismatch: "orange", "Manual Match": "green",
	"Not in Sales Register": "red" };
const esc = (v) => frappe.utils.escape_html(v == null ? "" : String(v));
const money = (v) => esc(ims_inr(v || 0));
// A GSTR-3B period (MMYYYY) as a person reads it: Dec 2026
const month = (p) => esc(ims_period_label(p));
const pill = (text) => text
	? `<span class="indicator-pill ${SV_COLOURS[text] || "gray"}">${esc(__(text))}</span>` : "";

frappe.pages["ims-supplier-view"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper, title: __("IMS Supplier View (Customers' Actions)"), single_column: true,
	});
	wrapper.supplier_view = new SupplierView(page);
};

class SupplierView {
	constructor(page) {
		this.page = page;
		this.$main = $(`<div class="ims-supplier-view"></div>`).appendTo(page.main);
		this.make_filters();
		this.$main.on("click", "[data-filter-gstin]", (e) => {
			e.preventDefault();
			const $cell = $(e.currentTarget);
			this.silent = true;
			this.fields.recipient_gstin.set_value($cell.attr("data-filter-gstin"));
			this.fields.recipient_action.set_value($cell.attr("data-filter-action") || "");
			this.silent = false;
			this.refresh();
		});
		frappe.xcall("india_ims.ims.tool_api.get_tool_setup").then((setup) => {
			this.setup = setup;
			this.fields.company_gstin.df.options = setup.gstins.map((g) => g.gstin);
			this.fields.company_gstin.refresh();
			// A link may name the GSTIN and period (?company_gstin=...&period=MMYYYY).
			const query = frappe.utils.get_query_params();
			const known = setup.gstins.map((g) => g.gstin);
			this.silent = true;
			if (known.length) this.fields.company_gstin.set_value(known.includes(query.company_gstin) ? query.company_gstin : known[0]);
			// the periods offered: this month and the 23 before it, and the one a link names
			const wanted = String(query.period || setup.default_period || "");
			const today = frappe.datetime.str_to_obj(frappe.datetime.get_today());
			const keys = Array.from({ length: 24 }, (_, back) => {
				const d = new Date(today.getFullYear(), today.getMonth() - back, 1);
				return String(d.getMonth() + 1).padStart(2, "0") + d.getFullYear();
			});
			this.fields.period.df.options = ims_period_options(keys, wanted);
			this.fields.period.refresh();
			this.fields.period.set_value(wanted);
			this.silent = false;
			this.make_buttons();
			this.refresh();
		});
	}

	make_filters() {
		const add = (df) => this.page.add_field({ ...df, change: () => !this.silent && this.refresh() });
		this.fields = {
			company_gstin: add({ fieldname: "company_gstin", label: __("Company GSTIN"), fieldtype: "Select", options: [] }),
			period: add({ fieldname: "period", label: __("Return Period"), fieldtype: "Select", options: [] }),
			recipient_gstin: add({ fieldname: "recipient_gstin", label: __("Customer GSTIN"), fieldtype: "Data" }),
			recipient_action: add({ fieldname: "recipient_action", label: __("Customer's Action"), fieldtype: "Select",
				options: ["", ...SV_ACTIONS] }),
			match_status: add({ fieldname: "match_status", label: __("Match Status"), fieldtype: "Select", options: SV_MATCH }),
		};
	}

	make_buttons() {
		this.page.set_primary_action(__("Download from GSTN"), () => this.download());
		this.page.add_inner_button(__("Export"), () => this.export_excel());
		this.page.add_inner_button(__("Customers (rejected or pending)"), () => this.follow_up("customers"), __("Follow-up e-mails"));
		this.page.add_inner_button(__("Suppliers (missing, mismatched, rejected, pending)"), () => this.follow_up("suppliers"), __("Follow-up e-mails"));
		this.page.add_inner_button(__("Sales Invoices not in GSTR-1"), () => this.not_reported());
	}

	args() {
		const filters = {};
		for (const key of ["recipient_gstin", "recipient_action", "match_status"]) {
			const value = this.fields[key].get_value();
			if (value) filters[key] = value;
		}
		return { company_gstin: this.fields.company_gstin.get_value(), period: this.fields.period.get_value(), filters };
	}

	refresh() {
		const args = this.args();
		if (!args.company_gstin || !args.period) return;
		Promise.all([
			frappe.xcall(SV_API + "get_summary", args),
			frappe.xcall(SV_API + "get_documents", { ...args, page_length: 200 }),
			frappe.xcall(SV_API + "get_added_back", { company_gstin: args.company_gstin }),
		]).then(([summary, documents, added]) => this.render(summary, documents, added));
	}

	render(summary, documents, added) {
		const totals = Object.fromEntries(summary.by_action.map((r) => [r.recipient_action, r]));
		const cards = SV_ACTIONS.map((action) => {
			const row = totals[action] || { documents: 0, document_value: 0 };
			return `<div class="col-sm-3"><div class="border rounded p-3 mb-3">
				<div>${pill(action)}</div>
				<div class="h4 mt-2 mb-0">${esc(row.documents)} ${esc(__("documents"))}</div>
				<div class="text-muted">${money(row.document_value)}</div></div></div>`;
		}).join("");
		const matches = summary.by_match.map((r) => `${pill(r.match_status || __("Not paired yet"))} ${esc(r.documents)}`).join(" &nbsp; ");
		this.$main.html(`
			<div class="row">${cards}</div>
			<div class="mb-3 small">${esc(__("Pairing with Sales Invoices"))}: ${matches || esc(__("nothing downloaded for this period"))}</div>
			<h5>${esc(__("By customer and action"))}</h5>${this.customer_table(summary.by_customer)}
			<h5 class="mt-4">${esc(__("Documents"))} <span class="text-muted small">(${esc(documents.rows.length)} / ${esc(documents.total)})</span></h5>
			${this.document_table(documents.rows)}
			<h5 class="mt-4">${esc(__("Added-back liabilities (FAQ 34)"))}</h5>${this.added_back_table(added)}`);
	}

	customer_table(rows) {
		const by = {};
		for (const r of rows) {
			const c = (by[r.recipient_gstin] ||= { name: r.recipient_name, cells: {} });
			c.cells[r.recipient_action] = r;
		}
		const body = Object.entries(by).map(([gstin, c]) => `<tr>
			<td><a href="#" data-filter-gstin="${esc(gstin)}">${esc(gstin)}</a><div class="text-muted small">${esc(c.name)}</div></td>
			${SV_ACTIONS.map((a) => {
				const cell = c.cells[a];
				return cell ? `<td class="text-right"><a href="#" data-filter-gstin="${esc(gstin)}" data-filter-action="${esc(a)}">${esc(cell.documents)}</a>
					<div class="text-muted small">${money(cell.document_value)}</div></td>` : `<td class="text-right text-muted">-</td>`;
			}).join("")}</tr>`).join("");
		return `<table class="table table-bordered table-sm"><thead><tr><th>${esc(__("Customer"))}</th>
			${SV_ACTIONS.map((a) => `<th class="text-right">${pill(a)}</th>`).join("")}</tr></thead>
			<tbody>${body || `<tr><td colspan="5" class="text-muted">${esc(__("No documents"))}</td></tr>`}</tbody></table>`;
	}

	document_table(rows) {
		const body = rows.map((r) => `<tr>
			<td><a href="${esc(frappe.utils.get_form_link("IMS Outward Supply", r.name))}">${esc(r.document_number)}</a>
				<div class="text-muted small">${esc(r.section)} · ${esc(r.document_date)}</div></td>
			<td>${esc(r.recipient_gstin)}<div class="text-muted small">${esc(r.recipient_name)}</div></td>
			<td class="text-right">${money(r.document_value)}</td>
			<td>${pill(r.recipient_action)}${r.adds_back ? ` <span class="small text-danger">${esc(__("adds back"))}</span>` : ""}</td>
			<td>${r.sales_invoice ? `<a href="${esc(frappe.utils.get_form_link("Sales Invoice", r.sales_invoice))}">${esc(r.sales_invoice)}</a>` : ""}</td>
			<td>${pill(r.match_status)}<div class="small text-muted">${esc(r.match_reason)}</div></td></tr>`).join("");
		return `<table class="table table-bordered table-sm"><thead><tr><th>${esc(__("Number"))}</th><th>${esc(__("Customer"))}</th>
			<th class="text-right">${esc(__("Value"))}</th><th>${esc(__("Customer's Action"))}</th><th>${esc(__("Sales Invoice"))}</th>
			<th>${esc(__("Match"))}</th></tr></thead><tbody>${body || `<tr><td colspan="6" class="text-muted">${esc(__("No documents"))}</td></tr>`}</tbody></table>`;
	}

	added_back_table(added) {
		if (!added.periods.length) return `<div class="text-muted">${esc(__("No rejected credit notes or amendments."))}</div>`;
		const body = added.periods.map((p) => `<tr><td>${month(p.period)}</td><td class="text-right">${esc(p.documents)}</td>
			<td class="text-right">${esc(p.awaiting)}</td><td class="text-right">${money(p.igst)}</td><td class="text-right">${money(p.cgst)}</td>
			<td class="text-right">${money(p.sgst)}</td><td class="text-right">${money(p.cess)}</td><td class="text-right"><b>${money(p.total_tax)}</b></td>
			<td>${esc(p.table)}<div class="small text-muted">${esc(p.table_words)}</div></td></tr>`).join("");
		return `<table class="table table-bordered table-sm"><thead><tr><th>${esc(__("GSTR-3B period"))}</th><th class="text-right">${esc(__("Documents"))}</th>
			<th class="text-right">${esc(__("Awaiting recipient's 3B"))}</th><th class="text-right">IGST</th><th class="text-right">CGST</th>
			<th class="text-right">SGST</th><th class="text-right">${esc(__("Cess"))}</th><th class="text-right">${esc(__("Tax added back"))}</th>
			<th>${esc(__("GSTR-3B table"))}</th></tr></thead><tbody>${body}</tbody></table>${this.differing_lines(added.lines)}`;
	}

	differing_lines(lines) {
		// GSTN's added-back figure is what the GSTR-3B carries (FAQ 34); where ours differs, both and why
		const differ = lines.filter((l) => l.gstn_differs);
		if (!differ.length) return "";
		const body = differ.map((l) => `<tr><td>${esc(l.document_number)}<div class="small text-muted">${esc(l.section)} · ${esc(l.recipient_gstin)}</div></td>
			<td>${month(l.landing_period)}</td><td class="text-right"><b>${money(l.total_tax)}</b></td>
			<td class="text-right">${money(l.expected_total_tax)}</td><td class="small">${esc(l.gstn_differs)}</td></tr>`).join("");
		return `<div class="ims-added-back-differs"><h6 class="mt-3">${esc(__("Where GSTN's figure differs from ours"))}</h6>
			<table class="table table-bordered table-sm"><thead><tr><th>${esc(__("Document"))}</th><th>${esc(__("GSTR-3B period"))}</th>
			<th class="text-right">${esc(__("GSTN adds back (counts)"))}</th><th class="text-right">${esc(__("We worked out"))}</th>
			<th>${esc(__("Why"))}</th></tr></thead><tbody>${body}</tbody></table></div>`;
	}

	download() {
		const { company_gstin, period } = this.args();
		frappe.xcall(SV_API + "download_supplier_view", { company_gstin, period }).then((r) => {
			frappe.show_alert({ message: r.already_queued ? __("Already queued") : __("Download queued"), indicator: "blue" });
		});
	}

	export_excel() {
		const args = this.args();
		open_url_post("/api/method/" + SV_API + "export_supplier_view", { ...args, filters: JSON.stringify(args.filters) });
	}

	not_reported() {
		const { company_gstin, period } = this.args();
		frappe.xcall(SV_API + "get_not_reported", { company_gstin, period }).then((rows) => {
			const body = rows.map((r) => `<tr><td><a href="${esc(frappe.utils.get_form_link("Sales Invoice", r.sales_invoice))}">${esc(r.sales_invoice)}</a></td>
				<td>${esc(r.customer_name)}<div class="small text-muted">${esc(r.customer_gstin)}</div></td><td>${esc(r.posting_date)}</td>
				<td class="small">${esc(r.reason)}</td></tr>`).join("");
			frappe.msgprint({ title: __("Sales Invoices not in GSTR-1 for {0}", [month(period)]), wide: true,
				message: `<table class="table table-sm"><tbody>${body || `<tr><td>${esc(__("None"))}</td></tr>`}</tbody></table>` });
		});
	}

	follow_up(side) {
		const { company_gstin, period } = this.args();
		frappe.xcall(SV_API + "preview_follow_up", { company_gstin, period, side }).then((preview) => {
			const letters = preview.letters;
			const rows = letters.map((l, i) => `<tr>
				<td><input type="checkbox" class="sv-pick" data-gstin="${esc(l.party_gstin)}" ${l.email ? "checked" : "disabled"}></td>
				<td>${esc(l.party || l.party_gstin)}<div class="small text-muted">${esc(l.party_gstin)}</div></td>
				<td>${l.email ? esc(l.email) : `<span class="text-danger">${esc(__("no e-mail address"))}</span>`}</td>
				<td class="text-right">${esc(l.documents)}</td>
				<td class="small">${l.last_sent ? `<span class="${l.repeat ? "text-warning" : "text-muted"}">${esc(l.last_sent)}</span>` : esc(__("never"))}</td>
				<td><a href="#" class="sv-show" data-index="${i}">${esc(__("Preview"))}</a></td></tr>`).join("");
			const recent = letters.filter((l) => l.repeat).length;
			const dialog = new frappe.ui.Dialog({
				title: side === "customers" ? __("Follow-up e-mails to customers") : __("Follow-up e-mails to suppliers"),
				size: "extra-large",
				fields: [
					{ fieldtype: "HTML", fieldname: "list" },
					// Written to less than N days ago about the same documents: the server refuses unless ticked.
					{ fieldtype: "Check", fieldname: "send_again", label: __("Send again to parties written to in the last {0} days", [preview.resend_after_days]), hidden: recent ? 0 : 1 },
					{ fieldtype: "HTML", fieldname: "body" },
				],
			});
			const warning = preview.outgoing_account ? "" : `<div class="alert alert-warning">${esc(__("No outgoing Email Account: e-mails cannot be queued until one is set up."))}</div>`;
			dialog.fields_dict.list.$wrapper.html(`${warning}<table class="table table-sm"><thead><tr><th></th><th>${esc(__("Party"))}</th>
				<th>${esc(__("E-mail"))}</th><th class="text-right">${esc(__("Documents"))}</th><th>${esc(__("Last letter"))}</th><th></th></tr></thead>
				<tbody>${rows || `<tr><td colspan="6" class="text-muted">${esc(__("Nobody to follow up for this period"))}</td></tr>`}</tbody></table>`);
			dialog.fields_dict.list.$wrapper.on("click", ".sv-show", (e) => {
				e.preventDefault();
				const letter = letters[Number($(e.currentTarget).attr("data-index"))];
				// The body is the Email Template rendered on the server with every value escaped.
				dialog.fields_dict.body.$wrapper.html(`<div class="border rounded p-3"><b>${esc(letter.subject)}</b><hr>${letter.body}</div>`);
			});
			if (this.setup && this.setup.can_upload && letters.some((l) => l.email)) {
				dialog.set_primary_action(__("Send e-mails"), () => {
					const parties = dialog.$wrapper.find(".sv-pick:checked").map((_, el) => $(el).attr("data-gstin")).get();
					frappe.confirm(__("Queue {0} e-mails?", [parties.length]), () => {
						const send_again = dialog.get_value("send_again") ? 1 : 0;
						frappe.xcall(SV_API + "send_follow_up", { company_gstin, period, side, parties, send_again }).then((r) => {
							dialog.hide();
							frappe.show_alert({ message: r.already_queued ? __("Already queued") : __("E-mails queued; see the IMS Sync Log"), indicator: "green" });
						}).catch(() => {
							// frappe.xcall has already shown the server's refusal; keep the dialog open to change the choice
						});
					});
				});
			}
			dialog.show();
		});
	}
}
})();

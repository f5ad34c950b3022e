// The three tabs. Each asks the server for exactly what it shows: sums, or one page of rows.

const IMS_DOC_COLUMNS = [
	// [field, label, sortable, kind]: the action columns early, so they show at 1280 px.
	["supplier_name", __("Supplier"), true, "supplier"],
	["document_number", __("Number"), true, "text"],
	["document_date", __("Date"), true, "date"],
	["match_status", __("Match Status"), true, "status"],
	["action", __("Local Action"), true, "action"],
	["gstn_action", __("GSTN Action"), false, "action"],
	["taxable_value", __("Taxable"), true, "money"],
	["total_tax", __("Tax"), false, "money"],
	["section", __("Section"), true, "section"],
	["match_reason", __("Reason"), false, "reason"],
	["purchase_invoice", __("Purchase Invoice"), false, "pi"],
];
const IMS_STATUS_COLOR = {
	"Exact Match": "green",
	"Suggested Match": "blue",
	Mismatch: "red",
	"Manual Match": "purple",
	"Missing in PI": "orange",
	"Missing in IMS": "gray",
	Accepted: "green",
	Rejected: "red",
	Pending: "orange",
	"No Action": "gray",
};

function ims_money(value) {
	// "-₹15,404.69" with Indian grouping (ims_inr), escaped: it is written into HTML
	return frappe.utils.escape_html(ims_inr(flt(value)));
}

// The Desk is at /app on Frappe 15 and /desk on 16 (where /app only redirects): the router knows which.
function ims_desk_url(doctype, name) {
	return frappe.router.make_url(name ? [frappe.router.slug(doctype), name] : [frappe.router.slug(doctype)]);
}

function ims_pill(text) {
	if (!text) return "";
	const color = IMS_STATUS_COLOR[text] || "gray";
	return `<span class="indicator-pill ${color} ellipsis">${frappe.utils.escape_html(__(text))}</span>`;
}

class ImsViews {
	constructor(tool) {
		this.tool = tool;
		this.page_length = 50;
		this.reset_paging();
	}

	reset_paging() {
		this.page_no = 1;
		this.order_by = this.order_by || "document_date";
		this.descending = !!this.descending;
		this.selected = new Set();
		this.all_matching = false;
	}

	render(tab) {
		const $body = this.tool.$body;
		const token = (this.token = (this.token || 0) + 1);
		$body.html(`<div class="text-muted">${__("Loading...")}</div>`);
		const done = (fn) => (result) => token === this.token && fn(result);
		const failed = (error) => token === this.token && this.tool.show_error(error);
		if (tab === "match") {
			return frappe
				.xcall(IMS_API + "get_match_summary", this.tool.args())
				.then(done((r) => this.render_match(r)))
				.catch(failed);
		}
		if (tab === "actions") {
			// Counts first; ITC at stake runs the rules over every record of the period, so it fills in after.
			const args = this.tool.args();
			return Promise.all([
				frappe.xcall(IMS_API + "get_action_summary", args),
				frappe.xcall(IMS_TOOL_API + "get_pending_changes", { company_gstin: args.company_gstin }),
			])
				.then(done(([summary, changes]) => this.render_actions(summary, changes)))
				.then(() =>
					frappe.xcall(IMS_TOOL_API + "get_itc_at_stake", {
						company_gstin: args.company_gstin,
						period: args.period,
						filters: args.filters,
					})
				)
				.then(done((stake) => ims_render_stake(this.tool, stake, done, failed)))
				.catch(failed);
		}
		return this.load_documents();
	}

	// ------------------------------------------------------------ Match Summary

	amount_cells(row) {
		return ["taxable_value", "igst", "cgst", "sgst", "cess", "total_tax"]
			.map((key) => `<td class="text-right">${ims_money(row[key])}</td>`)
			.join("");
	}

	amount_heads() {
		return [__("Taxable"), "IGST", "CGST", "SGST", __("Cess"), __("Total Tax")]
			.map((label) => `<th class="text-right">${label}</th>`)
			.join("");
	}

	render_match(result) {
		// in the order a CA works through them: matched, suggested, to look at, missing
		const rank = (status) => (IMS_MATCH.indexOf(status || "") + IMS_MATCH.length) % IMS_MATCH.length;
		const rows = [...(result.by_status || [])].sort((a, b) => rank(a.match_status) - rank(b.match_status));
		const total = rows.reduce((sum, row) => sum + row.count, 0);
		const body = rows
			.map(
				(row) => `<tr class="ims-drill" data-status="${frappe.utils.escape_html(row.match_status)}"
					style="cursor: pointer" title="${__("Show these documents")}">
				<td>${ims_pill(row.match_status || __("Not reconciled"))}</td>
				<td class="text-right">${cint(row.count)}</td>${this.amount_cells(row)}</tr>`
			)
			.join("");
		const missing = result.missing_in_ims;
		const missing_row =
			missing && missing.count
				? `<tr class="ims-missing-in-ims" style="cursor: pointer" title="${__("Show these Purchase Invoices")}"><td>${ims_pill("Missing in IMS")}
					<div class="small text-muted">${__("Purchase Invoices of this period GSTN does not show (books side: not in the total above)")}</div></td>
					<td class="text-right">${cint(missing.count)}</td>
					<td class="text-right">${ims_money(missing.taxable_value)}</td><td colspan="4"></td>
					<td class="text-right">${ims_money(missing.total_tax)}</td></tr>`
				: "";
		this.tool.$body.html(`
			<table class="table table-bordered table-hover ims-table">
				<thead><tr><th>${__("Match Status")}</th><th class="text-right">${__("Documents")}</th>
				${this.amount_heads()}</tr></thead>
				<tbody>${body || `<tr><td colspan="8" class="text-muted">${__("No IMS records for these filters")}</td></tr>`}
				<tr class="ims-match-total font-weight-bold"><td>${__("Total of IMS records")}</td><td class="text-right">${total}</td>
				${this.amount_cells(this.sum(rows))}</tr>
				${missing_row}</tbody>
			</table>
			<div class="small text-muted">${__(
				"Counted by GSTR-3B period: records whose action counts in this period's GSTR-2B, and those the supplier saved but has not filed yet for it. Reconcile works through each supplier's filing period, so it may touch records that count in another GSTR-3B period. Amounts as the documents state them: credit notes are added here, while the Action Summary nets them as GSTR-2B does. Click a row to open those documents."
			)}</div>`);
		this.tool.$body.find(".ims-missing-in-ims").on("click", () => this.missing_in_ims_dialog());
		this.tool.$body.find(".ims-drill").on("click", (e) => {
			const status = $(e.currentTarget).attr("data-status");
			if (status) {
				this.tool.set_filters({ match_status: status });
				this.tool.show_tab("documents");
			}
		});
	}

	missing_in_ims_dialog(page_no = 1, dialog = null) {
		// The books side: submitted Purchase Invoices of this period that no IMS record names, a page at a time.
		const args = { company_gstin: this.tool.gstin, period: this.tool.fields.period.get_value(), page: page_no, page_length: 50 };
		frappe
			.xcall(IMS_API + "get_missing_in_ims", args)
			.then((result) => {
				const rows = (result.rows || [])
					.map((r) => `<tr><td><a href="${ims_desk_url("Purchase Invoice", r.name)}">${ims_esc(r.name)}</a></td>
						<td>${ims_esc(r.bill_no)}</td><td>${r.bill_date ? ims_esc(frappe.datetime.str_to_user(r.bill_date)) : ""}</td>
						<td>${ims_esc(r.supplier_name || r.supplier)}<div class="small text-muted">${ims_esc(r.supplier_gstin)}</div></td>
						<td>${r.is_return ? __("Return") : __("Invoice")}</td>
						<td class="text-right">${ims_money(r.taxable_value)}</td><td class="text-right">${ims_money(r.total_tax)}</td>
						<td class="small">${ims_esc(r.reason || "")}</td></tr>`)
					.join("");
				const pages = Math.max(1, Math.ceil(cint(result.total) / 50));
				const html = `<p class="small text-muted">${__(
					"Submitted Purchase Invoices of {0} that no IMS record matches: the supplier has not reported them yet (or reported them in another period or under another GSTIN). Their ITC is not in GSTR-2B until the supplier files.",
					[ims_esc(ims_period_label(args.period))]
				)}</p>
				<div style="max-height: 55vh; overflow: auto"><table class="table table-bordered table-sm ims-missing-table">
				<thead><tr><th>${__("Purchase Invoice")}</th><th>${__("Bill No")}</th><th>${__("Bill Date")}</th><th>${__("Supplier")}</th>
				<th>${__("Type")}</th><th class="text-right">${__("Taxable")}</th><th class="text-right">${__("Tax")}</th>
				<th title="${__("The reconciliation's words: the nearest IMS record of the supplier and what differs")}">${__("Reason")}</th></tr></thead>
				<tbody>${rows || `<tr><td colspan="8" class="text-muted">${__("None")}</td></tr>`}</tbody></table></div>
				<div class="flex justify-between align-center">
					<span class="small text-muted">${__("{0} Purchase Invoices, page {1} of {2}", [cint(result.total), page_no, pages])}</span>
					<span><button class="btn btn-xs btn-default ims-mi-prev" ${page_no <= 1 ? "disabled" : ""}>${__("Previous")}</button>
					<button class="btn btn-xs btn-default ims-mi-next" ${page_no >= pages ? "disabled" : ""}>${__("Next")}</button></span>
				</div>`;
				if (!dialog) {
					dialog = new frappe.ui.Dialog({
						title: __("Missing in IMS"),
						size: "extra-large",
						fields: [{ fieldname: "list", fieldtype: "HTML" }],
					});
					dialog.show();
				}
				const $list = dialog.fields_dict.list.$wrapper.html(html);
				$list.find(".ims-mi-prev").on("click", () => this.missing_in_ims_dialog(page_no - 1, dialog));
				$list.find(".ims-mi-next").on("click", () => this.missing_in_ims_dialog(page_no + 1, dialog));
			})
			.catch(() => null);
	}

	sum(rows) {
		const out = {};
		["taxable_value", "igst", "cgst", "sgst", "cess", "total_tax"].forEach((key) => {
			out[key] = rows.reduce((sum, row) => sum + flt(row[key]), 0);
		});
		return out;
	}

	// ------------------------------------------------------------ Action Summary

	render_actions(summary, changes) {
		const rows = summary.by_action || [];
		const not_filed = summary.not_filed || [];
		const action_rows = (list, kind) =>
			list
				.map((row) =>
					row.action === IMS_LEFT_IMS
						? ims_left_ims_summary_row(row, kind, this.amount_cells(row))
						: row.action === IMS_REPLACED
						? ims_replaced_summary_row(row, kind, this.amount_cells(row))
						: `<tr class="ims-drill" data-action="${ims_esc(row.action)}" data-kind="${kind}" style="cursor: pointer">
					<td>${ims_pill(row.action)}</td><td class="text-right">${cint(row.count)}</td>
					${this.amount_cells(row)}
					<td class="text-right ${kind === "filed" ? "ims-moved" : ""}" data-action="${ims_esc(row.action)}">${
						kind === "filed" ? "…" : "—"
					}</td></tr>`
				)
				.join("");
		const unfiled = not_filed.length
			? `<tr class="ims-group"><th colspan="9">${__("Saved by the supplier, not filed yet")}
				<div class="small text-muted font-weight-normal">${__(
					"In no GSTR-2B and giving no ITC until the supplier files; your action is kept and counts once they do."
				)}</div></th></tr>${action_rows(not_filed, "not_filed")}`
			: "";
		// One "not uploaded" figure on the screen: every changed action of this GSTIN, whatever its period.
		const pending = cint(this.tool.jobs.upload_pending);
		this.tool.$body.html(`
			<div class="small text-warning ims-stake-behind" style="display: none; margin-bottom: var(--margin-sm)"></div>
			<div class="row ims-cards">
				${this.card(__("ITC if every record were accepted"), "…", "all_accepted")}
				${this.card(__("ITC with the current actions"), "…", "current")}
				${this.card(__("ITC at stake (moved by actions)"), "…", "moved")}
				${this.card(__("Changed, not uploaded (all periods)"), pending)}
			</div>
			<table class="table table-bordered table-hover ims-table">
				<thead><tr><th>${__("Action (local, else GSTN's)")}</th><th class="text-right">${__("Documents")}</th>
				${this.amount_heads()}<th class="text-right">${__("ITC moved")}</th></tr></thead>
				<tbody>${action_rows(rows, "filed") || `<tr><td colspan="9" class="text-muted">${__("No records filed for this GSTR-2B period")}</td></tr>`}
				${unfiled}</tbody>
			</table>
			<div class="small text-muted" style="margin-bottom: var(--margin-md)">${__(
				"ITC moved: tax given up (or kept) against accepting everything. Credit notes count as minus figures, as GSTR-2B and GSTR-3B net them."
			)}</div>
			<div class="small ims-left-ims-stake" style="display: none; margin-bottom: var(--margin-md)"></div>
			${this.changes_html(changes)}
			<div class="ims-suppliers"></div>`);
		// A row's list holds what the row counts: the records of its table (filed by the supplier, or
		// saved and not filed), and a record that has left IMS in the "Left IMS" row, not its action's
		// (an action's list leaves those out: left_ims "0"), and an original its amendment of the same
		// period replaces in the "Replaced" row (replaced "0" on the others).
		const drill = ($row, values) => {
			this.tool.set_filters({ filing: $row.attr("data-kind") === "not_filed" ? "Not Filed" : "Filed", ...values });
			this.tool.show_tab("documents");
		};
		this.tool.$body.find(".ims-drill").on("click", (e) => {
			const $row = $(e.currentTarget);
			drill($row, { action: $row.attr("data-action"), left_ims: "0", replaced: "0" });
		});
		this.tool.$body
			.find(".ims-left-ims-row")
			.on("click", (e) => drill($(e.currentTarget), { action: "", left_ims: "1", replaced: "" }));
		this.tool.$body
			.find(".ims-replaced-row")
			.on("click", (e) => drill($(e.currentTarget), { action: "", left_ims: "", replaced: "1" }));
	}

	changes_html(changes) {
		if (!changes || !changes.length) return "";
		const rows = changes
			.map((c) => `<tr><td>${ims_pill(c.gstn_action)} → ${ims_pill(c.action)}</td><td class="text-right">${cint(c.count)}</td>
				<td class="text-right">${ims_money(c.taxable_value)}</td><td class="text-right">${ims_money(c.total_tax)}</td></tr>`)
			.join("");
		return `<h5>${__("Pending upload (every period of this GSTIN)")}</h5>
			<table class="table table-bordered ims-table" style="max-width: 700px"><thead><tr>
			<th>${__("GSTN holds → local action")}</th><th class="text-right">${__("Documents")}</th>
			<th class="text-right">${__("Taxable")}</th><th class="text-right">${__("Tax")}</th></tr></thead>
			<tbody>${rows}</tbody></table>`;
	}

	card(label, value, key) {
		return `<div class="col-sm-3"><div class="border rounded" style="padding: var(--padding-md)">
			<div class="small text-muted">${label}</div>
			<div class="h5 ${key ? `ims-card-${key}` : ""}" style="margin: 0">${ims_esc(value)}</div></div></div>`;
	}

	// ------------------------------------------------------------ Document View

	load_documents() {
		const args = {
			...this.tool.args(),
			page: this.page_no,
			page_length: this.page_length,
			order_by: this.order_by,
			descending: this.descending ? 1 : 0,
		};
		const token = this.token;
		return frappe
			.xcall(IMS_API + "get_documents", args)
			.then((result) => {
				// Which of the page's Pending records have left IMS (FAQ 21): asked before drawing, so
				// none shows for a moment as a Pending record offering actions.
				const pending = result.rows.filter((row) => row.gstn_action === "Pending").map((row) => row.name);
				if (token !== this.token || !pending.length) return [result, {}];
				return frappe
					.xcall(IMS_TOOL_API + "get_left_ims", { company_gstin: args.company_gstin, names: pending })
					.then((left) => [result, left || {}]);
			})
			.then(([result, left]) => {
				if (token !== this.token) return;
				result.rows.forEach((row) => (row.left_ims = left[row.name] || null));
				this.result = result;
				this.render_documents();
			})
			.catch((error) => token === this.token && this.tool.show_error(error));
	}

	render_documents() {
		const { rows, total } = this.result;
		const pages = Math.max(1, Math.ceil(total / this.page_length));
		const heads = IMS_DOC_COLUMNS.map(([field, label, sortable]) => {
			const arrow = this.order_by === field ? (this.descending ? " ↓" : " ↑") : "";
			return `<th class="${sortable ? "ims-sort" : ""} ${["money"].includes(this.kind(field)) ? "text-right" : ""}"
				data-field="${field}" style="${sortable ? "cursor: pointer" : ""}">${label}${arrow}</th>`;
		}).join("");
		const body = rows.map((row) => this.row_html(row)).join("");
		// records that have left IMS cannot be selected: the page is "all selected" when the others are
		const selectable = rows.filter((row) => !row.left_ims);
		const all_on_page = selectable.length && selectable.every((row) => this.selected.has(row.name));
		this.tool.$body.html(`
			<div class="ims-selection-bar small" style="margin-bottom: var(--margin-sm)"></div>
			<div style="overflow-x: auto">
			<table class="table table-bordered table-hover table-sm ims-table ims-documents">
				<thead><tr><th style="width: 28px"><input type="checkbox" class="ims-select-page" ${all_on_page ? "checked" : ""}
					title="${__("Select this page")}"></th>${heads}</tr></thead>
				<tbody>${body || `<tr><td colspan="${IMS_DOC_COLUMNS.length + 1}" class="text-muted">${__("No documents for these filters")}</td></tr>`}</tbody>
			</table></div>
			<div class="flex justify-between align-center">
				<div class="small text-muted">${__("{0} documents, page {1} of {2}", [cint(total), this.page_no, pages])}</div>
				<div class="btn-group">
					<select class="form-control input-xs ims-page-length" style="width: 80px; display: inline-block">
						${[20, 50, 100, 500].map((n) => `<option ${n === this.page_length ? "selected" : ""}>${n}</option>`).join("")}
					</select>
					<button class="btn btn-default btn-xs ims-prev" ${this.page_no <= 1 ? "disabled" : ""}>${__("Previous")}</button>
					<button class="btn btn-default btn-xs ims-next" ${this.page_no >= pages ? "disabled" : ""}>${__("Next")}</button>
				</div>
			</div>`);
		this.bind_documents(rows, pages);
		this.render_selection_bar();
	}

	kind(field) {
		const column = IMS_DOC_COLUMNS.find((c) => c[0] === field);
		return column && column[3];
	}

	row_html(row) {
		const esc = frappe.utils.escape_html;
		row.total_tax = flt(row.igst) + flt(row.cgst) + flt(row.sgst) + flt(row.cess);
		const cells = IMS_DOC_COLUMNS.map(([field, , , kind]) => {
			const value = row[field];
			if (kind === "supplier")
				return `<td><span class="ims-clip ims-supplier" title="${esc(value || "")}">${esc(value || row.supplier_gstin)}</span>
					${value ? `<span class="ims-clip small text-muted">${esc(row.supplier_gstin)}</span>` : ""}</td>`;
			if (kind === "section") return `<td>${esc(ims_section_label(value))}${ims_replaced_mark(row)}</td>`;
			if (kind === "money") return `<td class="text-right">${ims_money(value)}</td>`;
			if (kind === "date") return `<td>${value ? esc(frappe.datetime.str_to_user(value)) : ""}</td>`;
			if (field === "document_number")
				return `<td><span class="ims-clip" style="max-width: 140px" title="${esc(value || "")}">${esc(value || "")}</span>
					${row.supplier_filing_status === "Not Filed" ? `<span class="small text-warning">${__("not filed")}</span>` : ""}</td>`;
			if (kind === "status") return `<td>${ims_pill(value)}</td>`;
			if (kind === "action" && row.left_ims)
				return `<td>${field === "action" ? ims_left_ims_pill(row.left_ims) : ims_pill(value)}</td>`;
			if (kind === "action") {
				const flag = field === "action" && row.upload_pending
					? ` <span class="text-warning" title="${__("Changed, not uploaded")}">●</span>` : "";
				const error = field === "action" && row.upload_error
					? ` <span class="text-danger" title="${esc(row.upload_error)}">⚠</span>` : "";
				return `<td>${ims_pill(value)}${flag}${error}</td>`;
			}
			if (kind === "reason")
				return `<td><span class="ims-clip" style="max-width: 180px" title="${esc(value || "")}">${esc(value || "")}</span></td>`;
			if (kind === "pi")
				return `<td>${value ? `<a href="${ims_desk_url("Purchase Invoice", value)}" class="ims-stop ims-clip"
					style="max-width: 150px" title="${esc(value)}">${esc(value)}</a>` : ""}</td>`;
			if (kind === "check") return `<td class="text-center">${value ? "✓" : "✗"}</td>`;
			return `<td>${esc(value == null ? "" : String(value))}</td>`;
		}).join("");
		// a record that has left IMS takes no action: it cannot be selected for one
		const select = row.left_ims
			? `<input type="checkbox" class="ims-select" disabled title="${esc(__("Left IMS (Section 16(4), FAQ 21): no action can be taken on it"))}">`
			: `<input type="checkbox" class="ims-select" ${this.selected.has(row.name) ? "checked" : ""}>`;
		return `<tr class="ims-row ${row.left_ims ? "ims-left text-muted" : ""}" data-name="${esc(row.name)}" tabindex="0" style="cursor: pointer">
			<td class="ims-stop">${select}</td>${cells}</tr>`;
	}

	bind_documents(rows, pages) {
		const $body = this.tool.$body;
		$body.find(".ims-sort").on("click", (e) => {
			const field = $(e.currentTarget).data("field");
			this.descending = this.order_by === field ? !this.descending : false;
			this.order_by = field;
			this.page_no = 1;
			this.load_documents();
		});
		$body.find(".ims-prev").on("click", () => this.go(this.page_no - 1, pages));
		$body.find(".ims-next").on("click", () => this.go(this.page_no + 1, pages));
		$body.find(".ims-page-length").on("change", (e) => {
			this.page_length = cint($(e.currentTarget).val());
			this.go(1, pages);
		});
		$body.find(".ims-select-page").on("change", (e) => {
			const on = $(e.currentTarget).prop("checked");
			rows.forEach((row) => (on && !row.left_ims ? this.selected.add(row.name) : this.selected.delete(row.name)));
			if (!on) this.all_matching = false;
			$body.find(".ims-select:not(:disabled)").prop("checked", on);
			this.render_selection_bar();
		});
		$body.find(".ims-select").on("change", (e) => {
			const name = $(e.currentTarget).closest("tr").attr("data-name");
			$(e.currentTarget).prop("checked") ? this.selected.add(name) : this.selected.delete(name);
			this.all_matching = false;
			this.render_selection_bar();
		});
		$body.find(".ims-stop").on("click", (e) => e.stopPropagation());
		$body.find(".ims-row").on("click", (e) => this.tool.actions.show_detail($(e.currentTarget).attr("data-name")));
		$body.find(".ims-row").on("keydown", (e) => {
			const $row = $(e.currentTarget);
			if (e.key === "Enter") this.tool.actions.show_detail($row.attr("data-name"));
			if (e.key === " ") {
				e.preventDefault();
				$row.find(".ims-select:not(:disabled)").prop("checked", (i, v) => !v).trigger("change");
			}
			if (e.key === "ArrowDown") $row.next().trigger("focus");
			if (e.key === "ArrowUp") $row.prev().trigger("focus");
		});
	}

	go(page_no, pages) {
		this.page_no = Math.min(Math.max(1, page_no), Math.max(1, pages));
		this.load_documents();
	}

	render_selection_bar() {
		const $bar = this.tool.$body.find(".ims-selection-bar");
		const total = this.result ? this.result.total : 0;
		if (this.all_matching) {
			$bar.html(`${__("All {0} documents matching the filters are selected.", [`<b>${total}</b>`])}
				<a href="#" class="ims-clear">${__("Clear selection")}</a>`);
		} else if (this.selected.size) {
			const more = total > this.selected.size
				? ` <a href="#" class="ims-all">${__("Select all {0} matching the filters", [total])}</a>` : "";
			$bar.html(`${__("{0} selected.", [`<b>${this.selected.size}</b>`])}${more}
				<a href="#" class="ims-clear" style="margin-left: var(--margin-sm)">${__("Clear")}</a>`);
		} else {
			$bar.html(`<span class="text-muted">${__(
				"Click a row (or Enter) for its detail; Space selects, ↑/↓ move, / searches, Alt+A/R/P/N set the action on the selection or, with none, on everything the filters match."
			)}</span>`);
		}
		$bar.find(".ims-all").on("click", (e) => {
			e.preventDefault();
			this.all_matching = true;
			this.render_selection_bar();
		});
		$bar.find(".ims-clear").on("click", (e) => {
			e.preventDefault();
			this.selected.clear();
			this.all_matching = false;
			this.tool.$body.find(".ims-select, .ims-select-page").prop("checked", false);
			this.render_selection_bar();
		});
	}
}

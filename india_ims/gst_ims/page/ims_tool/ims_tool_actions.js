// Actions (one record, the selection, or everything the filters match), the refusals dialog,
// the record detail, and linking a record to a Purchase Invoice.

// Sections whose Accept may carry a declared ITC reduction (spec 1.8; ITC_REDUCTION_SECTIONS on the server).
const IMS_REDUCTION_SECTIONS = ["b2ba", "b2bcn", "b2bcna", "b2bdna", "ecoma"];
const IMS_HEADS = ["igst", "cgst", "sgst", "cess"];

// The rule codes a CA reads as a plain heading in the refusals (the message of one record follows).
// In this app a stored record refused NOT_IN_IMS is one kept Pending past Section 16(4) (FAQ 21).
const IMS_REFUSAL_HEADINGS = {
	NOT_IN_IMS: __("Left IMS (Section 16(4), FAQ 21): skipped"),
	SECTION_16_4_EXPIRED: __("Time-barred (Section 16(4)): only Reject is allowed"),
	ACCEPT_MISSING_IN_PI: __("Missing in PI: link a purchase invoice or give a reason"),
	FROZEN_3B_FILED: __("GSTR-3B filed for its period: the action is frozen"),
	PENDING_BLOCKED: __("Pending is not allowed for this document"),
	AMENDMENT_ORIGINAL_OPEN: __("Original in another period's GSTR-2B: act on it and file that GSTR-3B first"),
	REVERSE_CHARGE_NOT_IN_IMS: __("Reverse charge: not part of IMS"),
	ITC_DECLARATION_REQUIRED: __("Credit note: declare the ITC reduction"),
	CHANGED_MEANWHILE: __("Changed by someone else since you loaded it"),
};

const IMS_ACTION_BUTTONS = [
	["Accepted", __("Accept"), "Alt+A"],
	["Rejected", __("Reject"), "Alt+R"],
	["Pending", __("Pending"), "Alt+P"],
	["No Action", __("No Action"), "Alt+N"],
];

// Frappe's Small Text control copies what is typed into its read-only display area as HTML, so a
// remark typed as markup would run there. The tool's free-text inputs are plain textareas it reads
// itself; a required one is checked here with an alert, never a "Missing Values" prompt stacked on
// the dialog (Esc on that prompt closed the dialog under it too).
function ims_text_field(fieldname, label, reqd) {
	return {
		fieldname: `${fieldname}_html`,
		fieldtype: "HTML",
		options: `<div class="form-group"><label class="control-label ${reqd ? "reqd" : ""}">${label}</label>
			<textarea class="form-control ims-text" data-fieldname="${fieldname}" rows="2"></textarea></div>`,
	};
}

function ims_nested(dialog) {
	// Esc in a dialog opened over another closes this one only: Frappe's global Esc handler, reached
	// by the same keystroke, closed the dialog beneath as well.
	dialog.$wrapper.on("keydown", (e) => {
		if (e.key !== "Escape") return;
		e.preventDefault();
		e.stopPropagation();
		dialog.hide();
	});
	return dialog;
}

function ims_text_value(dialog, fieldname) {
	return (dialog.$wrapper.find(`textarea.ims-text[data-fieldname="${fieldname}"]`).val() || "").trim();
}

function ims_text_missing(dialog, fieldname, label) {
	if (ims_text_value(dialog, fieldname)) return false;
	frappe.show_alert({ message: __("{0} is required", [label]), indicator: "orange" });
	dialog.$wrapper.find(`textarea.ims-text[data-fieldname="${fieldname}"]`).trigger("focus");
	return true;
}

class ImsActions {
	constructor(tool) {
		this.tool = tool;
		IMS_ACTION_BUTTONS.forEach(([action, label]) =>
			tool.page.add_inner_button(label, () => this.apply_to_selection(action), __("Set Action"))
		);
		const keys = { a: "Accepted", r: "Rejected", p: "Pending", n: "No Action" };
		// On the document, not the page: after a click on blank space the focus is on <body>.
		$(document).off("keydown.ims_tool").on("keydown.ims_tool", (e) => {
			if (frappe.get_route_str() !== "ims-tool" || $(".modal.show").length) return;
			const typing = $(e.target).is("input, textarea, select, [contenteditable]");
			if (e.key === "/" && !typing) {
				e.preventDefault();
				tool.fields.search.$input.trigger("focus");
				return;
			}
			if (!e.altKey || !keys[e.key]) return;
			if (tool.tab !== "documents") return;
			e.preventDefault();
			this.apply_to_selection(keys[e.key]);
		});
	}

	// ------------------------------------------------------------ scope

	apply_to_selection(action) {
		const views = this.tool.views;
		if (this.tool.tab !== "documents") this.tool.show_tab("documents");
		const total = views.result ? views.result.total : 0;
		if (views.all_matching || !views.selected.size) {
			if (!total) return frappe.show_alert({ message: __("No documents match the filters"), indicator: "orange" });
			const left_ims = ((views.result && views.result.rows) || []).some((r) => r.left_ims);
			return this.ask(action, { by_filter: true, count: total, left_ims });
		}
		const names = [...views.selected];
		const page_rows = (views.result && views.result.rows) || [];
		const missing_in_pi = page_rows.some((r) => views.selected.has(r.name) && r.match_status === "Missing in PI");
		this.ask(action, { names, count: names.length, missing_in_pi });
	}

	ask(action, scope) {
		const fields = [
			{
				fieldtype: "HTML",
				options: `<p>${__("Set {0} on {1} document(s){2}.", [
					`<b>${__(action)}</b>`,
					`<b>${scope.count}</b>`,
					scope.by_filter ? " " + __("(every document matching the filters)") : "",
				])}</p>${scope.by_filter && scope.left_ims
					? `<p class="small text-muted ims-left-note">${__("Records that have left IMS (kept Pending past Section 16(4), FAQ 21) are skipped; the result counts them.")}</p>`
					: ""}`,
			},
			{
				fieldname: "mode",
				fieldtype: "Select",
				label: __("If some documents are refused by the rules"),
				options: [
					{ value: "valid_only", label: __("Apply to the valid ones") },
					{ value: "all_or_nothing", label: __("Apply to none (all or nothing)") },
				],
				default: "valid_only",
			},
			ims_text_field("remark", __("Remarks (where GSTN allows them)")),
		];
		const override_label = __("Override reason (accepting without a Purchase Invoice)");
		const needs_reason = action === "Accepted" && scope.missing_in_pi;
		if (needs_reason) fields.push(ims_text_field("override_reason", override_label, true));
		const dialog = new frappe.ui.Dialog({
			title: __("Set Action"),
			fields,
			primary_action_label: __("Apply"),
			primary_action: (values) => {
				if (needs_reason && ims_text_missing(dialog, "override_reason", override_label)) return;
				values.remark = ims_text_value(dialog, "remark");
				values.override_reason = ims_text_value(dialog, "override_reason");
				dialog.hide();
				this.run(action, scope, values).catch(() => null);
			},
		});
		dialog.show();
	}

	run(action, scope, values) {
		const args = this.tool.args();
		const call = scope.by_filter
			? frappe.xcall(IMS_API + "set_action_by_filter", {
					...args,
					action,
					mode: values.mode,
					remark: values.remark,
			  })
			: frappe.xcall(IMS_API + "set_action", {
					names: scope.names,
					action,
					mode: values.mode,
					remark: values.remark,
					override_reason: values.override_reason,
			  });
		return call.then((result) => {
			this.report(result, () => this.run(action, scope, { ...values, mode: "valid_only" }), scope.count);
			this.tool.views.selected.clear();
			this.tool.views.all_matching = false;
			this.tool.refresh();
			this.tool.refresh_jobs();
			return result;
		});
	}

	report(result, apply_valid, asked) {
		const refused = result.refused || [];
		const left = refused.filter((r) => r.code === "NOT_IN_IMS").length;
		const message = __("{0} applied, {1} unchanged, {2} refused", [
			cint(result.applied),
			cint(result.unchanged),
			refused.length,
		]) + (left ? " " + __("({0} of them have left IMS: Section 16(4), FAQ 21)", [left]) : "");
		frappe.show_alert({ message, indicator: refused.length ? "orange" : "green" });
		if (!refused.length) return;
		frappe
			.xcall(IMS_REFUSALS_API + "describe_refusals", { refused: JSON.stringify(refused.slice(0, 5000)) })
			.then((rows) => this.refusals_dialog(result, rows, apply_valid, asked))
			.catch(() => this.refusals_dialog(result, refused, apply_valid, asked));
	}

	reasons_html(result) {
		// Thousands refused by a bulk action read as a few reasons: each rule, how many, and why.
		const reasons = result.refused_by_reason || [];
		if (!reasons.length) return "";
		const items = reasons
			.map((r) => `<li data-code="${ims_esc(r.code || "")}"><b>${cint(r.count)}</b>
				${IMS_REFUSAL_HEADINGS[r.code] ? `<b>${ims_esc(IMS_REFUSAL_HEADINGS[r.code])}</b> ·` : "·"}
				${__("e.g.")} ${ims_esc(r.message || "")} <span class="text-muted">(${ims_esc(r.code || "")})</span></li>`)
			.join("");
		return `<div class="ims-refused-reasons"><p class="mb-1">${__("By reason")}</p><ul class="small">${items}</ul></div>`;
	}

	refusals_dialog(result, rows, apply_valid, asked) {
		// Refusals in words and by document, as the accountant knows it: number, date, supplier.
		const refused = result.refused || [];
		const nothing_applied = result.mode === "all_or_nothing";
		const can_apply_valid = nothing_applied && apply_valid && (asked == null || refused.length < asked);
		// Past Section 16(4) only Reject is allowed: offer exactly that for those documents.
		const time_barred = refused.filter((r) => r.code === "SECTION_16_4_EXPIRED").map((r) => r.name);
		const body = rows
			.slice(0, 500)
			.map(
				(r) => `<tr><td>${ims_esc(r.document_number || r.name)}</td>
				<td class="small text-nowrap">${r.document_date ? ims_esc(frappe.datetime.str_to_user(r.document_date)) : ""}</td>
				<td class="small">${ims_esc(r.supplier_name || "")}<div class="text-muted">${ims_esc(r.supplier_gstin || "")}</div></td>
				<td class="small">${ims_esc(r.section || "")}</td>
				<td class="small">${ims_esc(r.message || "")}</td></tr>`
			)
			.join("");
		const dialog = new frappe.ui.Dialog({
			title: __("Refused by the IMS rules"),
			size: "extra-large",
			fields: [
				{
					fieldtype: "HTML",
					options: `<p>${
						nothing_applied
							? __("Nothing was applied: all or nothing was chosen and {0} document(s) are refused.", [refused.length])
							: cint(result.applied)
							? __("{0} document(s) took the action; {1} other(s), listed below, were refused and keep theirs.", [cint(result.applied), refused.length])
							: __("No document took the action: the {0} listed below were refused and keep theirs.", [refused.length])
					}</p>
					${this.reasons_html(result)}
					<div style="max-height: 55vh; overflow: auto"><table class="table table-bordered table-sm ims-refusals">
					<thead><tr><th>${__("Number")}</th><th>${__("Date")}</th><th>${__("Supplier")}</th><th>${__("Section")}</th>
					<th>${__("Why")}</th></tr></thead><tbody>${body}</tbody></table></div>
					${refused.length > 500 ? `<p class="text-muted">${__("First 500 shown; the export has them all.")}</p>` : ""}
					<div class="flex" style="gap: var(--margin-sm)">
						<button class="btn btn-xs btn-default ims-export-refusals">${__("Export")}</button>
						${time_barred.length ? `<button class="btn btn-xs btn-danger ims-reject-instead">${__(
							"Reject these {0} instead (time-barred: only Reject is allowed)", [time_barred.length]
						)}</button>` : ""}
					</div>`,
				},
			],
			primary_action_label: can_apply_valid ? __("Apply the valid ones") : __("Close"),
			primary_action: () => {
				dialog.hide();
				if (can_apply_valid) apply_valid();
			},
		});
		dialog.$wrapper.find(".ims-export-refusals").on("click", () =>
			open_url_post("/api/method/" + IMS_REFUSALS_API + "export_refusals", { refused: JSON.stringify(refused) })
		);
		dialog.$wrapper.find(".ims-reject-instead").on("click", () => {
			dialog.hide();
			this.run("Rejected", { names: time_barred, count: time_barred.length }, { mode: "valid_only" }).catch(() => null);
		});
		ims_nested(dialog).show();
	}

	// ------------------------------------------------------------ record detail

	show_detail(name) {
		frappe
			.xcall(IMS_TOOL_API + "get_record_detail", { name })
			.then((detail) => this.detail_dialog(detail))
			.catch(() => null);
	}

	detail_dialog(detail) {
		const record = detail.record;
		// Frappe writes a dialog title as HTML: GSTN's values are escaped here.
		const dialog = new frappe.ui.Dialog({
			title: `${ims_esc(record.document_number)} · ${ims_esc(detail.supplier_name || record.supplier_name || record.supplier_gstin)}`,
			size: "extra-large",
			// a record that has left IMS (FAQ 21) takes no action: no remark, declaration or action buttons
			fields: [
				{ fieldname: "detail", fieldtype: "HTML" },
				...(detail.left_ims ? [] : [ims_text_field("remark", __("Remarks with the action")), ...this.reduction_fields(record)]),
				{ fieldname: "buttons", fieldtype: "HTML" },
			],
		});
		dialog.fields_dict.detail.$wrapper.html(this.detail_html(detail));
		dialog.fields_dict.buttons.$wrapper.html(this.detail_buttons(detail));
		const $b = dialog.fields_dict.buttons.$wrapper;
		$b.find("[data-action]").on("click", (e) => {
			const action = $(e.currentTarget).data("action");
			const remark = ims_text_value(dialog, "remark");
			const itc_reduction = action === "Accepted" ? this.reduction_value(dialog) : null;
			const go = (override_reason) =>
				frappe
					.xcall(IMS_API + "set_action", { names: [record.name], action, remark, override_reason, itc_reduction })
					.then((result) => {
						this.report(result);
						this.tool.refresh();
						this.tool.refresh_jobs();
						if (result.applied || result.unchanged) dialog.hide();
					})
					.catch(() => null);
			if (action === "Accepted" && record.match_status === "Missing in PI") {
				const label = __("Why accept without a Purchase Invoice?");
				const prompt = new frappe.ui.Dialog({
					title: __("Override reason"),
					fields: [ims_text_field("reason", label, true)],
					primary_action_label: __("Accept"),
					primary_action: () => {
						if (ims_text_missing(prompt, "reason", label)) return;
						prompt.hide();
						go(ims_text_value(prompt, "reason"));
					},
				});
				ims_nested(prompt).show();
			} else go();
		});
		$b.find(".ims-link").on("click", () => this.tool.links.link(record, dialog));
		$b.find(".ims-unlink").on("click", () =>
			frappe.confirm(__("Unlink {0}? An Accepted record goes back to No Action.", [ims_esc(record.purchase_invoice)]), () =>
				frappe.xcall(IMS_API + "unlink_purchase_invoice", { name: record.name }).then(() => {
					dialog.hide();
					this.tool.refresh();
				})
			)
		);
		$b.find(".ims-create").on("click", () => this.tool.links.create(record, dialog));
		dialog.show();
	}

	reduction_fields(record) {
		// Offered where GSTN allows a declaration; the rules engine still judges it (ITC_REDUCTION_* codes).
		if (!IMS_REDUCTION_SECTIONS.includes(record.section) || record.itc_reduction_blocked) return [];
		// "Full": GSTN holds Y without amounts, the full reduction (on an amendment, the difference from
		// the earlier version): its amount columns are not figures to show as 0.
		const suggested =
			record.itc_reduction_required === "Full"
				? [__("Y without amounts (the full reduction); declare the amounts to send it")]
				: IMS_HEADS.map((h) => `${h.toUpperCase()} ${ims_inr(record[`itc_reduction_${h}`] || 0)}`);
		const fields = [
			{ fieldtype: "Section Break", label: __("ITC reduction declared with Accept") },
			{
				fieldname: "itc_reduction_required",
				fieldtype: "Select",
				label: __("Reduce ITC?"),
				options: ["", "Y", "N"],
				default: record.upload_itc_reduction || "",
				description: __("GSTN's figures: {0}", [suggested.join(" · ")]),
			},
		];
		IMS_HEADS.forEach((head, i) => {
			if (i % 2 === 0) fields.push({ fieldtype: "Column Break" });
			fields.push({
				fieldname: `declared_${head}`,
				fieldtype: "Currency",
				options: "INR",
				label: head === "cess" ? __("Cess") : head.toUpperCase(),
				default: record[`upload_declared_${head}`] || 0,
				depends_on: "eval:doc.itc_reduction_required === 'Y'",
			});
		});
		fields.push({ fieldtype: "Section Break" });
		return fields;
	}

	reduction_value(dialog) {
		const required = dialog.fields_dict.itc_reduction_required && dialog.get_value("itc_reduction_required");
		if (!required) return null;
		const value = { required };
		IMS_HEADS.forEach((head) => (value[head] = required === "Y" ? flt(dialog.get_value(`declared_${head}`)) : 0));
		return JSON.stringify(value);
	}

	detail_html(detail) {
		const esc = (v) => frappe.utils.escape_html(v == null ? "" : String(v));
		const { ims, books, record } = detail;
		const differing = new Set((detail.differences || []).map((d) => d.field));
		const labels = {
			supplier_gstin: __("Supplier GSTIN"),
			document_type: __("Type"),
			document_number: __("Number"),
			document_date: __("Date"),
			place_of_supply: __("Place of Supply"),
			taxable_value: __("Taxable"),
			igst: "IGST",
			cgst: "CGST",
			sgst: "SGST",
			cess: __("Cess"),
		};
		const show = (field, value) => {
			if (value == null || value === "") return "";
			if (["taxable_value", "igst", "cgst", "sgst", "cess"].includes(field)) return ims_money(value);
			if (field === "document_date") return esc(frappe.datetime.str_to_user(value));
			if (field === "place_of_supply") return esc(ims_place_of_supply(value));
			return esc(value);
		};
		const compare = Object.keys(labels)
			.map((field) => {
				const books_value = books ? books[field] : null;
				const numeric = ["taxable_value", "igst", "cgst", "sgst", "cess"].includes(field);
				// The engine's differences, else (a manual link) any value the two sides disagree on.
				const differs = differing.has(field) || (books && (numeric
					? Math.abs(flt(ims[field]) - flt(books_value)) >= 0.01
					: String(ims[field] || "").toUpperCase() !== String(books_value || "").toUpperCase()));
				const style = differs ? ' style="background: var(--yellow-highlight-color, #fff3c4)"' : "";
				return `<tr${style}><th class="small">${labels[field]}</th><td>${show(field, ims[field])}</td>
					<td>${books ? show(field, books_value) : ""}</td></tr>`;
			})
			.join("");
		const effects = (detail.effects || [])
			.map((e) => `<tr class="${e.action === record.action ? "font-weight-bold" : ""}"><td>${ims_pill(e.action)}</td>
				<td>${e.allowed ? "✓" : `<span class="text-danger" title="${esc(e.code)}">✗</span> <span class="small">${esc(e.message)}</span>`}</td>
				<td class="text-right text-nowrap">${ims_money(e.recipient_itc.total_tax)}</td>
				<td class="text-right text-nowrap">${ims_money(e.supplier_liability.total_tax)}</td>
				<td>${esc(e.gstr2b_block || "—")}</td>
				<td class="small">${esc(e.text)}${e.confirmed ? "" : ` <span class="text-muted">(${__("unconfirmed rule")})</span>`}</td></tr>`)
			.join("");
		const history = (detail.history || [])
			.map((h) => `<tr><td class="small">${esc(frappe.datetime.str_to_user(h.logged_at))}</td><td class="small">${esc(h.user)}</td>
				<td class="small">${esc(h.source)}</td><td>${ims_pill(h.old_action)} → ${ims_pill(h.new_action)}</td>
				<td class="small">${esc(h.remark)}</td></tr>`)
			.join("");
		const left = detail.left_ims
			? `<div class="alert alert-secondary ims-left-ims-note">${ims_left_ims_pill(detail.left_ims)}
				${esc(__("This record was kept Pending past its Section 16(4) deadline {0}, so GSTN has removed it from IMS (FAQ 21): no action can be taken on it, and its ITC can no longer be claimed.", [
					frappe.datetime.str_to_user(detail.left_ims.deadline),
				]))}</div>`
			: "";
		const replaced = detail.replaced_by
			? `<div class="alert alert-secondary ims-replaced-note">${esc(__("The supplier amended this document in the same period ({0}): GSTR-2B carries the amendment and leaves this original out (FAQ 13). The Action Summary counts it in its own row.", [
					detail.replaced_by,
				]))}</div>`
			: "";
		return `${left}${replaced}
			<div class="row">
			<div class="col-md-6">
				<table class="table table-bordered table-sm">
					<thead><tr><th></th><th>${__("IMS (GSTN)")}</th><th>${books
						? `<a href="${ims_desk_url("Purchase Invoice", books.name)}">${esc(books.name)}</a>`
						: __("Books: not linked")}</th></tr></thead>
					<tbody>${compare}</tbody>
				</table>
			</div>
			<div class="col-md-6">
				<p>${ims_pill(record.match_status)} ${esc(record.match_reason || "")}</p>
				<p class="small">${__("Supplier")}: <b>${esc(detail.supplier_name || record.supplier_name || "")}</b>
					<span class="text-muted">${esc(record.supplier_gstin)}</span></p>
				<p class="small">${__("Section")}: <b>${esc(ims_section_label(record.section))}</b> · ${__("Supplier's filing period")}:
					${esc(ims_period_label(record.supplier_return_period))}
					(${record.supplier_filing_status === "Not Filed" ? __("saved, not filed") : __("filed")}) · ${__("GSTR-2B period")}:
					${esc(ims_period_label(record.gstr2b_period) || __("none until filed"))}</p>
				<p class="small">${__("GSTN action")}: ${ims_pill(record.gstn_action)} · ${__("Local action")}: ${
					detail.left_ims ? ims_left_ims_pill(detail.left_ims) : ims_pill(record.action)}
					${record.upload_pending ? `<span class="text-warning">${__("changed, not uploaded")}</span>` : ""}
					${detail.left_ims ? "" : `· ${__("Pending allowed")}: ${record.pending_allowed ? __("Yes") : __("No")}`}</p>
				${record.upload_error ? `<p class="text-danger small">${__("Last upload error")}: ${esc(record.upload_error)}</p>` : ""}
				${record.remarks ? `<p class="small">${__("Remarks")}: ${esc(record.remarks)}</p>` : ""}
			</div></div>
			${detail.left_ims ? "" : `<h6>${__("Effect of each action")}</h6>
			<table class="table table-bordered table-sm">
				<thead><tr><th>${__("Action")}</th><th>${__("Allowed")}</th><th class="text-right">${__("Your ITC")}</th>
				<th class="text-right">${__("Supplier liability")}</th><th>${__("GSTR-2B")}</th><th>${__("Why")}</th></tr></thead>
				<tbody>${effects}</tbody></table>`}
			<h6>${__("Action history")}</h6>
			${history ? `<table class="table table-bordered table-sm"><thead><tr><th>${__("When")}</th><th>${__("User")}</th>
				<th>${__("Source")}</th><th>${__("Change")}</th><th>${__("Remark")}</th></tr></thead><tbody>${history}</tbody></table>`
				: `<p class="text-muted small">${__("No action taken yet")}</p>`}`;
	}

	detail_buttons(detail) {
		const record = detail.record;
		const allowed = Object.fromEntries((detail.effects || []).map((e) => [e.action, e]));
		const actions = detail.left_ims ? "" : IMS_ACTION_BUTTONS.map(([action, label, key]) => {
			const effect = allowed[action] || { allowed: true };
			const blocked = !effect.allowed && !(action === "Accepted" && effect.code === "ACCEPT_MISSING_IN_PI");
			return `<button class="btn btn-sm ${action === "Accepted" ? "btn-primary" : "btn-default"}" data-action="${action}"
				${blocked ? "disabled" : ""} title="${frappe.utils.escape_html(blocked ? effect.message : key)}">${label}</button>`;
		}).join(" ");
		const link = record.purchase_invoice
			? `<button class="btn btn-sm btn-default ims-unlink">${__("Unlink Purchase Invoice")}</button>`
			: `<button class="btn btn-sm btn-default ims-link">${__("Link Purchase Invoice")}</button>
			   <button class="btn btn-sm btn-default ims-create">${__("Create Purchase Invoice")}</button>`;
		return `<div class="flex justify-between flex-wrap" style="gap: var(--margin-sm)"><div>${actions}</div><div>${link}</div></div>`;
	}
}

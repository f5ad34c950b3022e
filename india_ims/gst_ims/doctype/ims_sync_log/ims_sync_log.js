// IMS Sync Log form: an upload as a receipt in words (saved, refused by document and reason, GSTN's
// references). The traceback and the raw references JSON are for a System Manager debugging a job,
// never shown to the accountant. Any other run shows its outcome in words.
{% include "india_ims/public/js/ims_format.js" %}

frappe.ui.form.on("IMS Sync Log", {
	refresh(frm) {
		const debugging = frappe.user.has_role("System Manager");
		["error", "gstn_references", "job_id"].forEach((field) => frm.toggle_display(field, debugging));
		if (frm.is_new()) return;
		if (frm.doc.kind !== "Upload") {
			// Only an upload saves anything at GSTN: a download's or a reconciliation's "saved at GSTN"
			// would be a wrong figure. Its outcome in words instead.
			frm.dashboard.reset();
			if (frm.doc.message) {
				const esc = frappe.utils.escape_html;
				// a reconciliation's message opens with the suppliers' filing period it went through, as MMYYYY
				const message = frm.doc.message.replace(/^(\d{6}):/, (whole, period) =>
					__("Suppliers' filings of {0}:", [ims_period_label(period)])
				);
				frm.dashboard.add_section(
					`<div class="small ims-sync-outcome" style="padding: var(--padding-sm)">${esc(message)}</div>`,
					__("Outcome")
				);
				frm.dashboard.show();
			}
		} else {
			frappe
				.xcall("india_ims.ims.tool_api.get_upload_receipt", { sync_log: frm.doc.name })
				.then((receipt) => {
					frm.dashboard.reset();
					frm.dashboard.add_section(ims_sync_log_receipt(receipt), __("Receipt"));
					frm.dashboard.show();
				})
				.catch(() => null);
			frm.add_custom_button(__("Export receipt"), () =>
				open_url_post("/api/method/india_ims.ims.tool_api.export_upload_receipt", { sync_log: frm.doc.name })
			);
		}
		if (["Queued", "Running"].includes(frm.doc.status) && frappe.user.has_role("Accounts Manager")) {
			frm.add_custom_button(__("Cancel job"), () =>
				frappe
					.xcall("india_ims.ims.api.cancel_job", { sync_log: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
	},
});

function ims_sync_log_receipt(r) {
	const esc = (v) => frappe.utils.escape_html(v == null ? "" : String(v));
	const refs = (r.references || [])
		.map((x) => `<tr><td><code>${esc(x.reference_id)}</code></td><td>${esc(x.section)}</td>
			<td class="text-right">${cint(x.records)}</td><td>${esc(x.state)}</td></tr>`)
		.join("");
	const refused = (r.refused || [])
		.slice(0, 500)
		.map((x) => `<tr><td>${esc(x.document_number)}</td><td>${esc(x.supplier_name)}
			<div class="small text-muted">${esc(x.supplier_gstin)}</div></td><td>${esc(x.section)}</td>
			<td>${esc(x.reason)} <code>${esc(x.code)}</code></td></tr>`)
		.join("");
	return `<div class="small ims-sync-receipt" style="padding: var(--padding-sm)">
		<p>${esc(r.message)}</p>
		<p>${__("Saved at GSTN")}: <b>${cint(r.saved)}</b> · ${__("Refused by GSTN")}: <b>${cint(r.refused_count)}</b></p>
		${refs ? `<table class="table table-sm table-bordered"><thead><tr><th>${__("GSTN reference")}</th>
			<th>${__("Section")}</th><th class="text-right">${__("Records")}</th><th>${__("State")}</th></tr></thead>
			<tbody>${refs}</tbody></table>` : ""}
		${refused ? `<table class="table table-sm table-bordered"><thead><tr><th>${__("Number")}</th><th>${__("Supplier")}</th>
			<th>${__("Section")}</th><th>${__("Reason")}</th></tr></thead><tbody>${refused}</tbody></table>` : ""}
	</div>`;
}

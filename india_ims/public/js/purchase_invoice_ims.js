// What the reconciliation says of this invoice (its IMS record, match status, period and, Missing in
// IMS, why), in the form's IMS section. The values live in IMS Purchase Link, not on the invoice, and
// come with the form (``doc_events.onload``).
{% include "india_ims/public/js/ims_format.js" %}

frappe.ui.form.on("Purchase Invoice", {
	refresh(frm) {
		const field = frm.fields_dict.ims_match_html;
		if (!field) return;
		const match = (frm.doc.__onload || {}).ims_match;
		const esc = frappe.utils.escape_html;
		if (!match) {
			field.$wrapper.html(
				frm.is_new() || frm.doc.docstatus !== 1
					? ""
					: `<p class="text-muted small">${esc(__("Not reconciled with IMS yet"))}</p>`
			);
			return;
		}
		const parts = [];
		if (match.record) {
			const href = `/app/ims-inward-supply/${encodeURIComponent(match.record)}`;
			parts.push(`${esc(__("IMS Record"))}: <a href="${esc(href)}">${esc(match.record)}</a>`);
		}
		if (match.status) parts.push(`<b>${esc(__(match.status))}</b>`);
		if (match.period) parts.push(`${esc(__("Period"))}: ${esc(ims_period_label(match.period))}`);
		let html = `<p class="ims-match">${parts.join(" · ")}</p>`;
		if (match.reason) html += `<p class="ims-match-reason text-muted">${esc(match.reason)}</p>`;
		field.$wrapper.html(html);
	},
});

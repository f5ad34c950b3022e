// The recipient's IMS action on this sale (supplier view, FAQ 18), as an indicator on the form.
frappe.ui.form.on("Sales Invoice", {
	refresh(frm) {
		// Only for users of IMS: a Sales User opening the invoice gets no headline, and no error.
		if (frm.is_new() || frm.doc.docstatus !== 1 || !frappe.model.can_read("IMS Outward Supply")) return;
		frappe
			.call({
				method: "india_ims.ims.outward.api.sales_invoice_status",
				args: { sales_invoice: frm.doc.name },
			})
			.then((r) => {
				const row = r && r.message;
				if (!row) return;
				const colour =
					{ Accepted: "green", Rejected: "red", Pending: "yellow", "No Action": "blue" }[
						row.recipient_action
					] || "blue";
				const esc = frappe.utils.escape_html;
				let label = `${__("Recipient's IMS action")}: ${esc(__(row.recipient_action))} (${esc(
					row.return_period
				)})`;
				if (row.adds_back) label += ` · ${esc(__("added back to our liability"))}`;
				if (row.match_status) label += ` · ${esc(__(row.match_status))}`;
				// A headline, on the first tab: the dashboard's indicators sit under Connections in v15.
				frm.dashboard.set_headline_alert(label, colour);
			});
	},
});

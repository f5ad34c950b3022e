// IMS Settings: "Test connection" tries the provider login, the OTP session and one count call for a
// GSTIN and says in words what worked. It sends no OTP and changes nothing at GSTN.
frappe.ui.form.on("IMS Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Test connection"), () => {
			const gstins = (frm.doc.company_gstins || []).map((row) => row.gstin).filter(Boolean);
			if (!gstins.length) {
				frappe.msgprint(__("Add a company GSTIN first."));
				return;
			}
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the settings first: the test uses what is saved."));
				return;
			}
			frappe.prompt(
				{ fieldname: "gstin", fieldtype: "Select", label: __("GSTIN"), options: gstins, default: gstins[0], reqd: 1 },
				({ gstin }) => test_connection(gstin),
				__("Test connection"),
				__("Test")
			);
		});
	},
});

function test_connection(gstin) {
	frappe.call({
		method: "india_ims.ims.connection.test_connection",
		args: { company_gstin: gstin },
		freeze: true,
		freeze_message: __("Talking to the provider..."),
		callback: ({ message }) => {
			const mark = (ok) => (ok === true ? "✔" : ok === false ? "✘" : "–");
			const rows = (message.steps || [])
				.map(
					(step) =>
						`<tr><td>${mark(step.ok)}</td>` +
						`<td style="white-space: nowrap"><b>${frappe.utils.escape_html(step.name)}</b></td>` +
						// a provider's URL in the words has no spaces to wrap at: break it, not the dialog
						`<td style="overflow-wrap: anywhere">${frappe.utils.escape_html(step.words)}</td></tr>`
				)
				.join("");
			const failed = (message.steps || []).some((step) => step.ok === false);
			frappe.msgprint({
				title: __("Connection for {0}", [frappe.utils.escape_html(gstin)]),
				message: `<table class="table table-bordered">${rows}</table>`,
				indicator: failed ? "orange" : "green",
			});
		},
	});
}

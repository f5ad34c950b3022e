// Linking a record to a Purchase Invoice (candidates ranked by how well they match, with a preview)
// and creating a draft Purchase Invoice from a record the books lack.

class ImsLinks {
	constructor(tool) {
		this.tool = tool;
	}

	link(record, parent) {
		frappe
			.xcall(IMS_API + "get_link_candidates", { name: record.name })
			.then((candidates) => this.candidates_dialog(record, parent, candidates || []))
			.catch(() => null);
	}

	candidates_dialog(record, parent, candidates) {
		const rows = candidates
			.map(
				(c, i) => `<tr class="ims-candidate" data-index="${i}" style="cursor: pointer">
				<td><input type="radio" name="ims-candidate" ${i === 0 ? "checked" : ""}></td>
				<td><b>${cint(c.score)}</b></td>
				<td class="text-nowrap">${ims_esc(c.purchase_invoice)}${c.linked_to ? `<div class="small text-warning">${__("linked to another record")}</div>` : ""}</td>
				<td class="text-nowrap">${ims_esc(c.bill_no)}</td>
				<td class="text-nowrap">${c.bill_date ? ims_esc(frappe.datetime.str_to_user(c.bill_date)) : ""}</td>
				<td>${ims_esc(c.supplier_name)}<div class="small text-muted">${ims_esc(c.supplier_gstin)}</div></td>
				<td class="text-right text-nowrap">${ims_money(c.taxable_value)}</td>
				<td class="text-right text-nowrap">${ims_money(c.total_tax)}</td>
				<td class="small"><span class="text-success">${ims_esc((c.agrees || []).join(", "))}</span>
					${(c.differs || []).length ? `<div class="text-danger">${__("differs")}: ${ims_esc(c.differs.join(", "))}</div>` : ""}</td></tr>`
			)
			.join("");
		const dialog = new frappe.ui.Dialog({
			title: __("Link {0} to a Purchase Invoice", [ims_esc(record.document_number)]),
			size: "extra-large",
			fields: [
				{
					fieldtype: "HTML",
					fieldname: "candidates",
					options: candidates.length
						? `<p class="small text-muted">${__("Best match first; points for the number, supplier GSTIN, date and amounts.")}</p>
						<div style="max-height: 40vh; overflow: auto"><table class="table table-bordered table-sm table-hover">
						<thead><tr><th></th><th>${__("Score")}</th><th>${__("Purchase Invoice")}</th><th>${__("Bill No")}</th>
						<th>${__("Bill Date")}</th><th>${__("Supplier")}</th><th class="text-right">${__("Taxable")}</th>
						<th class="text-right">${__("Tax")}</th><th>${__("Match")}</th></tr></thead><tbody>${rows}</tbody></table></div>
						<div class="ims-preview"></div>`
						: `<p class="text-muted">${__("No submitted Purchase Invoice of this company GSTIN resembles this record. Pick one below.")}</p>`,
				},
				{
					fieldname: "purchase_invoice",
					fieldtype: "Link",
					options: "Purchase Invoice",
					label: __("Or another Purchase Invoice"),
					get_query: () => ({ filters: { company: record.company, docstatus: 1 } }),
				},
			],
			primary_action_label: __("Link"),
			primary_action: (values) => {
				const picked = values.purchase_invoice || (this.picked && this.picked.purchase_invoice);
				if (!picked) return frappe.show_alert({ message: __("Choose a Purchase Invoice"), indicator: "orange" });
				frappe
					.xcall(IMS_API + "link_purchase_invoice", { name: record.name, purchase_invoice: picked })
					.then(() => {
						frappe.show_alert({ message: __("Linked (Manual Match)"), indicator: "green" });
						dialog.hide();
						parent.hide();
						this.tool.refresh();
					});
			},
		});
		const $wrapper = dialog.fields_dict.candidates.$wrapper;
		const pick = (index) => {
			this.picked = candidates[index];
			$wrapper.find(`.ims-candidate[data-index="${index}"] input`).prop("checked", true);
			$wrapper.find(".ims-preview").html(this.preview(record, this.picked));
		};
		$wrapper.find(".ims-candidate").on("click", (e) => pick(cint($(e.currentTarget).attr("data-index"))));
		if (candidates.length) pick(0);
		else this.picked = null;
		ims_nested(dialog).show();
	}

	preview(record, c) {
		// IMS beside the candidate, every differing figure highlighted.
		if (!c) return "";
		const heads = [
			["taxable_value", __("Taxable")],
			["igst", "IGST"],
			["cgst", "CGST"],
			["sgst", "SGST"],
			["cess", __("Cess")],
		];
		const mark = (differs) => (differs ? ' style="background: var(--yellow-highlight-color, #fff3c4)"' : "");
		const text_row = (label, ims, books) =>
			`<tr${mark(String(ims || "").toUpperCase() !== String(books || "").toUpperCase())}><th class="small">${label}</th>
			<td>${ims_esc(ims)}</td><td>${ims_esc(books)}</td></tr>`;
		const rows = [
			text_row(__("Number"), record.document_number, c.bill_no),
			text_row(
				__("Date"),
				record.document_date ? frappe.datetime.str_to_user(record.document_date) : "",
				c.bill_date ? frappe.datetime.str_to_user(c.bill_date) : ""
			),
			text_row(__("Supplier GSTIN"), record.supplier_gstin, c.supplier_gstin),
			...heads.map(
				([field, label]) => `<tr${mark(Math.abs(flt(record[field]) - flt(c[field])) >= 0.01)}><th class="small">${label}</th>
				<td>${ims_money(record[field])}</td><td>${ims_money(c[field])}</td></tr>`
			),
		].join("");
		return `<h6 style="margin-top: var(--margin-md)">${__("Preview")}: ${ims_esc(c.purchase_invoice)}</h6>
			<table class="table table-bordered table-sm" style="max-width: 640px"><thead><tr><th></th><th>${__("IMS (GSTN)")}</th>
			<th>${__("Books")}</th></tr></thead><tbody>${rows}</tbody></table>`;
	}

	create(record, parent, create_supplier) {
		// A draft saved through ERPNext (its mapping, the company's tax template); the user checks and submits it.
		frappe
			.xcall(IMS_API + "create_draft_purchase_invoice", { name: record.name, create_supplier: create_supplier ? 1 : 0 })
			.then((result) => {
				if (result.needs_supplier) {
					frappe.confirm(
						__("No Supplier has GSTIN {0}. Create Supplier {1} with it, then the draft?", [
							`<b>${ims_esc(record.supplier_gstin)}</b>`,
							`<b>${ims_esc(record.supplier_name || record.supplier_gstin)}</b>`,
						]),
						() => this.create(record, parent, true)
					);
					return;
				}
				if (result.refused) {
					frappe.msgprint({ title: __("Draft not created"), message: ims_esc(result.refused), indicator: "orange" });
					return;
				}
				parent.hide();
				// the notes are escaped on the server (they name the supplier's number); shown once the
				// form is open, so the route change does not take them away
				const notes = (result.notes || []).join("<br>");
				const tell = () =>
					notes && setTimeout(() => frappe.msgprint({ title: __("Bill number changed"), message: notes, indicator: "blue" }), 1500);
				if (result.unsaved) {
					// Not savable yet (an address India Compliance needs, say): a new form with the values.
					frappe.show_alert({ message: ims_esc(result.reason), indicator: "orange" }, 10);
					// as frappe.model.open_mapped_doc does: the form names the new rows and finds them
					const doc = result.unsaved;
					frappe.model.sync(doc);
					frappe.set_route("Form", doc.doctype, doc.name);
					tell();
					return;
				}
				frappe.show_alert({
					message: __("Draft {0} created: check it and submit", [ims_esc(result.name)]),
					indicator: "green",
				});
				frappe.set_route("Form", "Purchase Invoice", result.name);
				tell();
			})
			.catch(() => null);
	}
}

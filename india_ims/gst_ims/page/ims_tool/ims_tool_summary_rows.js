// The Action Summary's rows of records it does not count under their action: those that have left
// IMS (FAQ 21) and the originals an amendment of the same period replaces (FAQ 13); the pill a
// record that has left IMS shows wherever its action would, and the mark a replaced original shows
// in the Document View.

// The Action Summary's row of the records that have left IMS (``summary_left.LEFT_IMS``)
const IMS_LEFT_IMS = "Left IMS";

function ims_left_ims_pill(left) {
	// FAQ 21: a record kept Pending past its Section 16(4) deadline has left IMS (the rules refuse
	// every action on it, NOT_IN_IMS): it reads as such, not as one more Pending record.
	const tip = __("Kept Pending past its Section 16(4) deadline {0}: GSTN has removed it from IMS (FAQ 21). No action can be taken on it.", [
		frappe.datetime.str_to_user(left.deadline),
	]);
	return `<span class="indicator-pill gray ims-left-ims" title="${ims_esc(tip)}" data-deadline="${ims_esc(left.deadline)}">${ims_esc(
		__("Left IMS (Section 16(4), FAQ 21)")
	)}</span>`;
}

function ims_apart_summary_row(row, kind, amount_cells, css, label, tip) {
	// A row of records the Action Summary does not count under their action; clicking it opens the
	// Document View on them (ims_tool_views.js binds the click by ``css``).
	return `<tr class="${css} text-muted" data-action="${ims_esc(row.action)}" data-kind="${ims_esc(kind)}" title="${ims_esc(tip)}" style="cursor: pointer">
		<td><span class="indicator-pill gray ellipsis">${ims_esc(label)}</span></td>
		<td class="text-right">${cint(row.count)}</td>${amount_cells}<td class="text-right">—</td></tr>`;
}

function ims_left_ims_summary_row(row, kind, amount_cells) {
	// FAQ 21: kept Pending past Section 16(4), removed from IMS by GSTN. The Action Summary gives
	// them their own row, after the actions, so no one reads them as records still to act on, and
	// nothing of theirs is at stake. It opens the Document View on them (filter ``left_ims``), where
	// each one is marked and none can be selected.
	return ims_apart_summary_row(row, kind, amount_cells, "ims-left-ims-row", __("Left IMS (Section 16(4), FAQ 21)"),
		__("Kept Pending past their Section 16(4) deadline: GSTN has removed them from IMS (FAQ 21). No action can be taken on them and their ITC can no longer be claimed."));
}

// The Action Summary's row of the originals an amendment of the same period replaces
// (``summary_replaced.REPLACED``)
const IMS_REPLACED = "Replaced";

function ims_replaced_summary_row(row, kind, amount_cells) {
	// FAQ 13: amended in the period it counts in, the amendment prevails and GSTR-2B leaves the
	// original out. Counted under its action as well, the action's row held the tax twice and did
	// not tie to GSTR-2B. Its own row opens the Document View on these originals (filter ``replaced``).
	return ims_apart_summary_row(row, kind, amount_cells, "ims-replaced-row", __("Replaced by its amendment (FAQ 13)"),
		__("Amended by the supplier in the same period: GSTR-2B carries the amendment and leaves these originals out (FAQ 13). Their amendments are counted under their actions."));
}

function ims_replaced_mark(row) {
	// FAQ 13 in the list: the original an amendment of the same period replaces says so beside its
	// section, so the list reads as the Action Summary counts it
	if (!row.replaced) return "";
	const tip = __("The supplier amended this document in the same period ({0}): GSTR-2B carries the amendment and leaves this original out (FAQ 13).", [row.replaced]);
	return `<div class="small text-muted ims-replaced-mark" title="${ims_esc(tip)}">${ims_esc(__("replaced by {0}", [row.replaced]))}</div>`;
}

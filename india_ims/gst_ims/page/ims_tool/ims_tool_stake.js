// ITC at stake on the Action Summary tab (get_itc_at_stake): the cards, the ITC moved per action,
// the Left IMS note and the suppliers moving the most. Filled in after the counts, into their table.
function ims_render_stake(tool, stake, done, failed) {
	const $body = tool.$body;
	// Right after a download the background refresh is still adding records to these figures: say
	// so, and ask again until they are all in (a newer render of the tab drops this answer).
	const behind = stake.behind;
	$body.find(".ims-stake-behind").toggle(!!behind).text(behind ? behind.message : "");
	if (behind && done) {
		const args = tool.args();
		setTimeout(
			() =>
				frappe
					.xcall(IMS_TOOL_API + "get_itc_at_stake", {
						company_gstin: args.company_gstin,
						period: args.period,
						filters: args.filters,
					})
					.then(done((again) => ims_render_stake(tool, again, done, failed)))
					.catch(failed),
			5000
		);
	}
	// FAQ 21: records held Pending past Section 16(4) have their own row and count in no ITC figure
	const left = stake.left_ims || {}, n = cint(left.records);
	const said = __("{0} records have left IMS (Section 16(4), FAQ 21; their row above): their tax, {1}, can no longer be claimed and counts in none of the ITC figures above.", [n, ims_inr(left.total_tax)]);
	$body.find(".ims-left-ims-stake").toggle(n > 0).text(n > 0 ? said : "");
	["all_accepted", "current", "moved"].forEach((key) =>
		$body.find(`.ims-card-${key}`).text(ims_inr(stake[key].total_tax))
	);
	$body.find(".ims-moved").each((i, cell) => {
		const moved = stake.moved_by_action[$(cell).attr("data-action")];
		$(cell).text(ims_inr(moved ? moved.total_tax : 0));
	});
	const rows = (stake.suppliers || [])
		.map(
			(s) => `<tr><td>${ims_esc(s.supplier_name || s.supplier_gstin)}
			<div class="small text-muted">${ims_esc(s.supplier_gstin)}</div></td>
			<td class="text-right">${cint(s.records)}</td><td class="text-right">${ims_money(s.moved.total_tax)}</td></tr>`
		)
		.join("");
	$body.find(".ims-suppliers").html(rows ? `<h5>${__("Suppliers moving the most ITC")}</h5>
		<table class="table table-bordered ims-table"><thead><tr><th>${__("Supplier")}</th>
		<th class="text-right">${__("Records moving ITC")}</th><th class="text-right">${__("ITC moved")}</th></tr></thead>
		<tbody>${rows}</tbody></table>` : "");
}

// GSTN jobs: Download, Reconcile, Upload, Regenerate GSTR-2B. Queued on the server; followed through
// the realtime progress event of ``india_ims.ims.synclog`` and, where realtime is not connected, by polling.

const IMS_PROGRESS_EVENT = "ims_sync_progress";
const IMS_JOBS = {
	Download: { label: __("Download from GSTN"), method: "start_download", period: true, gstn: true },
	Reconcile: { label: __("Reconcile"), method: "start_reconcile", period: true, gstn: false },
	Upload: { label: __("Upload to GSTN"), method: "start_upload", period: false, gstn: true, manager: true },
	"GSTR-2B Regeneration": { label: __("Regenerate GSTR-2B"), method: "start_regenerate", period: true, gstn: true, manager: true },
};
const IMS_OPEN = ["Queued", "Running"];
const IMS_LOGIN_REQUIRED = "GSTN_LOGIN_REQUIRED";

function ims_call(method, args) {
	// Like frappe.xcall, but a refusal rejects with the whole response (exc_type tells a lost GSTN session).
	return new Promise((resolve, reject) =>
		frappe.call({ method, args, callback: (r) => resolve(r.message), error: (r) => reject(r || {}) })
	);
}

class ImsJobs {
	constructor(tool) {
		this.tool = tool;
		this.active = {}; // sync log -> kind, of the selected GSTIN only
		this.latest = {};
		this.toasts = {}; // kind -> its latest toast
		frappe.realtime.on(IMS_PROGRESS_EVENT, (data) => this.on_progress(data));
	}

	reset() {
		// Status, buttons and progress belong to the selected GSTIN: nothing of the previous one stays.
		this.active = {};
		this.latest = {};
		this.progress = null;
		this.session = null;
		this.upload_pending = 0;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.render_status();
	}

	make_buttons(can_upload) {
		const page = this.tool.page;
		Object.entries(IMS_JOBS).forEach(([kind, job]) => {
			if (job.manager && !can_upload) return;
			page.add_inner_button(job.label, () => Promise.resolve(this.start(kind)).catch(() => null), __("GSTN"));
		});
		this.can_upload = can_upload;
		page.add_inner_button(__("Export"), () => this.export_excel());
		page.add_menu_item(__("IMS Sync Log"), () => frappe.set_route("List", "IMS Sync Log", { company_gstin: this.tool.gstin }));
		page.add_menu_item(__("IMS Inward Supply"), () => frappe.set_route("List", "IMS Inward Supply", { company_gstin: this.tool.gstin }));
		page.add_menu_item(__("IMS Settings"), () => frappe.set_route("Form", "IMS Settings"));
	}

	refresh_jobs() {
		const gstin = this.tool.gstin;
		if (!gstin) return Promise.resolve(null);
		frappe
			.xcall(IMS_API + "get_session_status", { company_gstin: gstin })
			.then((session) => {
				if (gstin !== this.tool.gstin) return;
				this.session = session;
				this.render_status();
			})
			.catch(() => null);
		return frappe.xcall(IMS_TOOL_API + "get_recent_jobs", { company_gstin: gstin }).then((info) => {
			if (gstin !== this.tool.gstin) return info;
			this.latest = info.latest || {};
			this.upload_pending = info.upload_pending;
			Object.values(this.latest).forEach((log) => {
				// only the jobs this page starts and shows; other views (GSTR-2B, suppliers) follow their own
				if (IMS_JOBS[log.kind] && IMS_OPEN.includes(log.status) && log.stage !== "waiting for GSTN")
					this.active[log.name] = log.kind;
			});
			this.render_status();
			this.poll();
			return info;
		});
	}

	// ------------------------------------------------------------ starting

	start(kind) {
		const job = IMS_JOBS[kind];
		const info = this.tool.period_info;
		if (kind === "GSTR-2B Regeneration" && info && !info.regenerate_allowed) {
			return frappe.msgprint({
				title: __("GSTN does not allow a regeneration now"),
				message: ims_esc(info.regenerate_reason),
				indicator: "orange",
			});
		}
		const args = { company_gstin: this.tool.gstin };
		if (job.period) args.period = this.tool.fields.period.get_value();
		const go = (tries = 0) =>
			ims_call(IMS_API + job.method, args).then((r) => {
				if (r.already_queued && tries < 5)
					// The job of the same kind may be finishing at this instant (a run that just failed):
					// if its log is closed already, ask again shortly rather than follow a finished run.
					return frappe
						.xcall(IMS_API + "get_sync_status", { sync_log: r.sync_log, company_gstin: args.company_gstin })
						.then((log) =>
							log && !IMS_OPEN.includes(log.status)
								? new Promise((resolve) => setTimeout(resolve, 2000)).then(() => go(tries + 1))
								: this.started(kind, job, r)
						);
				return this.started(kind, job, r);
			});
		const attempt = () =>
			go().catch((r) => {
				// GSTN refused the session on the way: log in again, then the same job once more.
				if (r && r.exc_type === "GstnLoginRequired") return this.login().then(() => go());
				throw r;
			});
		return job.gstn ? this.with_session(attempt) : go();
	}

	toast(kind, message, seconds) {
		// One toast a job: its "queued" gives way to its outcome, so a download that GSTN's ended
		// session sent through the OTP and a reconcile leave two toasts, not six over the figures.
		const earlier = this.toasts[kind];
		if (earlier && earlier.remove) earlier.remove();
		this.toasts[kind] = frappe.show_alert(message, seconds);
	}

	started(kind, job, r) {
		this.toast(kind, {
			message: r.already_queued ? __("{0} is already queued", [job.label]) : __("{0} queued", [job.label]),
			indicator: "blue",
		});
		this.active[r.sync_log] = kind;
		this.render_status();
		this.poll();
		return r;
	}

	with_session(go) {
		const gstin = this.tool.gstin;
		return frappe.xcall(IMS_API + "get_session_status", { company_gstin: gstin }).then((status) => {
			this.session = status;
			this.render_status();
			return status.logged_in ? go() : this.login().then(go);
		});
	}

	login() {
		// OTP prompt: the app asks GSTN for an OTP, the user types it, the session is stored on the server.
		// An empty OTP is an alert, not a "Missing Values" prompt stacked on this one.
		const gstin = this.tool.gstin;
		return frappe.xcall(IMS_API + "request_otp", { company_gstin: gstin }).then(
			() =>
				new Promise((resolve) => {
					const dialog = new frappe.ui.Dialog({
						title: __("GSTN login for {0}", [ims_esc(gstin)]),
						fields: [{ fieldname: "otp", fieldtype: "Data", label: __("OTP sent to the GSTIN's registered mobile") }],
						primary_action_label: __("Log in"),
						primary_action: (values) => {
							const otp = (values.otp || "").trim();
							if (!otp) return frappe.show_alert({ message: __("Type the OTP"), indicator: "orange" });
							frappe
								.xcall(IMS_API + "login", { company_gstin: gstin, otp })
								.then((session) => {
									dialog.hide();
									this.session = session;
									this.render_status();
									resolve(session);
								})
								.catch(() => null);
						},
					});
					ims_nested(dialog).show();
				})
		);
	}

	// ------------------------------------------------------------ following

	on_progress(data) {
		if (!data || !this.active[data.sync_log]) return;
		if (data.company_gstin && data.company_gstin !== this.tool.gstin) return;
		this.progress = data;
		this.render_status();
		if (["done", "failed", "waiting for GSTN"].includes(data.stage))
			Promise.resolve(this.finish(data.sync_log)).catch(() => null);
	}

	poll() {
		if (this.timer || !Object.keys(this.active).length) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			const gstin = this.tool.gstin;
			const names = Object.keys(this.active);
			Promise.all(
				names.map((name) =>
					frappe.xcall(IMS_API + "get_sync_status", { sync_log: name, company_gstin: gstin }).then((log) => {
						if (gstin !== this.tool.gstin) return;
						if (!log) return delete this.active[name];
						this.latest[log.kind] = log;
						const waiting = log.status === "Queued" && log.stage === "waiting for GSTN";
						if (!IMS_OPEN.includes(log.status) || waiting) return this.finish(name);
					})
				)
			)
				.catch(() => null)
				.finally(() => {
					this.render_status();
					this.poll();
				});
		}, 3000);
	}

	finish(name) {
		const kind = this.active[name];
		if (!kind) return;
		delete this.active[name];
		this.progress = null;
		return frappe.xcall(IMS_TOOL_API + "get_sync_result", { sync_log: name }).then((log) => {
			this.latest[log.kind] = log;
			const ok = log.status === "Completed";
			const relogin = log.error_code === IMS_LOGIN_REQUIRED;
			const words = kind === "Reconcile" && ok ? this.reconcile_words(log) : Promise.resolve(ims_esc(log.message || ""));
			words.then((text) =>
				this.toast(
					kind,
					relogin
						? {
								// not a failure to act on: the OTP prompt is already open and the job runs again after it
								message: __("{0}: GSTN ended the session. Log in with the OTP and it runs again.", [IMS_JOBS[kind].label]),
								indicator: "blue",
						  }
						: {
								message: `${IMS_JOBS[kind].label}: ${ims_esc(__(log.status))}${text ? " · " + text : ""}`,
								indicator: ok ? "green" : log.status === "Queued" ? "blue" : "red",
						  },
					10
				)
			);
			if (log.error_code === IMS_LOGIN_REQUIRED) {
				// The job found the session dead: ask for the OTP now and offer the same job again.
				this.session = { logged_in: false };
				this.login()
					.then(() => this.start(kind))
					.catch(() => null);
			}
			if (kind === "Upload" && ["Completed", "Partly Failed"].includes(log.status)) this.show_receipt(name);
			else if (log.error_count) this.show_errors(log);
			if (kind === "Download" && this.retry_upload && ok) {
				this.retry_upload = false;
				this.start("Upload");
			}
			this.tool.refresh();
			this.tool.refresh_jobs();
		});
	}

	reconcile_words(log) {
		// The job reconciles every record of a supplier's filing period; the Match Summary counts a GSTR-3B
		// period (the GSTR-2B a record lands in, and what the supplier saved but has not filed). The
		// alert says which period each figure is of, and gives the GSTR-3B figures as the summary shows them.
		const period = this.tool.fields.period.get_value();
		const args = { company_gstin: this.tool.gstin, period, period_field: "gstr2b_period" };
		return frappe
			.xcall(IMS_API + "get_match_summary", args)
			.then((summary) => {
				const rows = summary.by_status || [];
				const total = rows.reduce((sum, row) => sum + cint(row.count), 0);
				const counts = rows.map((row) => `${cint(row.count)} ${ims_esc(__(row.match_status || "Not reconciled"))}`);
				const missing = summary.missing_in_ims && cint(summary.missing_in_ims.count);
				const done = __("{0} records of the suppliers' filings for {1} reconciled, {2} changed.", [
					cint(log.records_received),
					ims_esc(ims_period_label(log.return_period)),
					cint(log.records_updated),
				]);
				const shown = __("GSTR-3B period {0} (as the Match Summary counts): {1} records", [
					ims_esc(ims_period_label(period)),
					total,
				]);
				const extra = missing ? "; " + __("{0} Purchase Invoices Missing in IMS", [missing]) : "";
				return `${done} ${shown}${counts.length ? ": " + counts.join(", ") : ""}${extra}.`;
			})
			.catch(() => ims_esc(log.message || ""));
	}

	render_status() {
		const busy = Object.keys(this.active).length > 0;
		const $group = this.tool.page.get_inner_group_button(__("GSTN"));
		$group.find("button").prop("disabled", busy);
		const info = this.tool.period_info;
		// Regenerate only when GSTN allows it (after the 14th, before the 3B); the reason otherwise.
		const $regen = $group.find(`.dropdown-item:contains("${__("Regenerate GSTR-2B")}")`);
		$regen.toggleClass("disabled", !!(info && !info.regenerate_allowed));
		$regen.attr("title", info && !info.regenerate_allowed ? info.regenerate_reason : "");
		const esc = ims_esc;
		const session = this.session;
		const zone = session && session.time_zone === "Asia/Kolkata" ? "IST" : (session && session.time_zone) || "";
		const login = !session
			? ""
			: session.logged_in
			? `<span class="indicator green ims-session" style="margin-right: var(--margin-md)">${__(
					"GSTN: logged in until {0}",
					[`${esc(session.valid_until_time || "")}${zone ? ` (${esc(zone)})` : ""}`]
			  )}</span>`
			: `<span class="indicator gray ims-session" style="margin-right: var(--margin-md)">GSTN:&nbsp;<a
				href="#" class="ims-login">${__("Log in")}</a></span>`;
		const parts = Object.entries(IMS_JOBS).map(([kind, job]) => {
			const log = this.latest[kind];
			if (!log) return "";
			const running = Object.values(this.active).includes(kind);
			const when = log.finished_on || log.started_on || log.queued_on;
			const color = running
				? "blue"
				: { Completed: "green", Failed: "red", "Partly Failed": "orange" }[log.status] || "gray";
			const receipt = kind === "Upload" && !running && log.status !== "Queued"
				? `&nbsp;·&nbsp;<a href="#" class="ims-receipt" data-log="${esc(log.name)}">${__("receipt")}</a>` : "";
			// comment_when builds its own markup from a server timestamp; everything else is escaped
			return `<span class="indicator ${color}" style="margin-right: var(--margin-md)" title="${esc(log.message || "")}">
				<a href="${ims_desk_url("IMS Sync Log", log.name)}">${job.label}: ${esc(__(log.status))}</a>
				${when ? `<span class="text-muted">&nbsp;·&nbsp;${frappe.datetime.comment_when(when, true)}</span>` : ""}${receipt}</span>`;
		});
		let progress = "";
		if (busy) {
			const p = this.progress;
			const pct = p && p.total ? Math.round((100 * p.done) / p.total) : null;
			progress = `<div class="progress" style="height: 6px; margin: 4px 0"><div class="progress-bar ${pct == null ? "progress-bar-striped progress-bar-animated" : ""}"
				style="width: ${pct == null ? 100 : pct}%"></div></div>
				<div>${__("Working")}: ${esc((p && p.stage) || __("queued"))}${pct == null ? "" : ` · ${cint(p.done)} / ${cint(p.total)}`}</div>`;
		}
		let pending = "";
		if (this.upload_pending) {
			pending = `<span class="text-warning ims-pending">${__("{0} changed action(s) not uploaded", [cint(this.upload_pending)])}</span>`;
			if (this.can_upload === false)
				pending += ` <span class="text-muted ims-manager-uploads">${__("(an Accounts Manager uploads them to GSTN)")}</span>`;
		}
		this.tool.$status.html(`${login}${parts.join("")} ${pending}${progress}`);
		this.tool.$status.find(".ims-login").on("click", (e) => {
			e.preventDefault();
			this.login().catch(() => null);
		});
		this.tool.$status.find(".ims-receipt").on("click", (e) => {
			e.preventDefault();
			this.show_receipt($(e.currentTarget).attr("data-log"));
		});
	}

	show_receipt(name) {
		frappe.xcall(IMS_TOOL_API + "get_upload_receipt", { sync_log: name }).then((receipt) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Upload receipt"),
				size: "extra-large",
				fields: [{ fieldtype: "HTML", options: ims_receipt_html(receipt) }],
				primary_action_label: __("Export"),
				primary_action: () =>
					open_url_post("/api/method/" + IMS_TOOL_API + "export_upload_receipt", { sync_log: name }),
				secondary_action_label: __("Open Sync Log"),
				secondary_action: () => frappe.set_route("Form", "IMS Sync Log", name),
			});
			dialog.show();
		});
	}

	show_errors(log) {
		const esc = frappe.utils.escape_html;
		const rows = log.errors
			.map((e) => `<tr><td>${esc(e.section || "")}</td><td>${esc(e.supplier_gstin || "")}</td>
				<td>${esc(e.document_number || "")}</td><td><code>${esc(e.error_code || "")}</code></td>
				<td class="small">${esc(e.message || "")}</td></tr>`)
			.join("");
		const dialog = new frappe.ui.Dialog({
			title: __("{0} record(s) were not accepted by GSTN", [log.error_count]),
			size: "extra-large",
			fields: [
				{
					fieldtype: "HTML",
					options: `<p>${__(
						"GSTN refused these records. Usually the supplier changed them or GSTN holds other values: download again, then the upload is retried."
					)}</p><div style="max-height: 55vh; overflow: auto"><table class="table table-bordered table-sm">
					<thead><tr><th>${__("Section")}</th><th>${__("Supplier GSTIN")}</th><th>${__("Number")}</th>
					<th>${__("Code")}</th><th>${__("Message")}</th></tr></thead><tbody>${rows}</tbody></table></div>`,
				},
			],
			primary_action_label: __("Download again and retry"),
			primary_action: () => {
				dialog.hide();
				this.retry_upload = true;
				this.start("Download");
			},
			secondary_action_label: __("Show in Document View"),
			secondary_action: () => {
				dialog.hide();
				this.tool.set_filters({ upload_pending: 1 });
				this.tool.show_tab("documents");
			},
		});
		dialog.show();
	}

	// ------------------------------------------------------------ export

	export_excel() {
		// The workbook a CA hands to a client: summary, IMS beside the books, Missing in IMS.
		const args = this.tool.args();
		open_url_post("/api/method/" + IMS_TOOL_API + "export_documents", {
			company_gstin: args.company_gstin,
			period: args.period,
			period_field: args.period_field,
			filters: JSON.stringify(args.filters),
		});
	}
}

function ims_receipt_html(r) {
	// Shared with the IMS Sync Log form: saved, refused by document and reason, GSTN's references.
	const esc = (v) => frappe.utils.escape_html(v == null ? "" : String(v));
	const refs = (r.references || [])
		.map((x) => `<tr><td><code>${esc(x.reference_id)}</code></td><td>${esc(x.section)}</td>
			<td class="text-right">${cint(x.records)}</td><td>${esc(x.state)}</td></tr>`)
		.join("");
	const refused = (r.refused || [])
		.map((x) => `<tr><td>${esc(x.document_number)}</td>
			<td class="small">${x.document_date ? esc(frappe.datetime.str_to_user(x.document_date)) : ""}</td>
			<td class="small">${esc(x.supplier_name)}<div class="text-muted">${esc(x.supplier_gstin)}</div></td>
			<td class="small">${esc(x.section)}</td><td class="small">${esc(x.reason)} <code>${esc(x.code)}</code></td></tr>`)
		.join("");
	return `<div class="ims-receipt-body">
		<p><b>${esc(r.status)}</b> · ${esc(r.company_gstin)}${r.period ? " · " + esc(ims_period_label(r.period)) : ""}
			${r.finished_on ? " · " + esc(frappe.datetime.str_to_user(r.finished_on)) : ""}
			${r.requested_by ? " · " + esc(r.requested_by) : ""}</p>
		<p>${__("Saved at GSTN")}: <b>${cint(r.saved)}</b> · ${__("Refused by GSTN")}: <b>${cint(r.refused_count)}</b></p>
		${r.message ? `<p class="small text-muted">${esc(r.message)}</p>` : ""}
		${refs ? `<h6>${__("GSTN references")}</h6><table class="table table-sm table-bordered"><thead><tr>
			<th>${__("Reference")}</th><th>${__("Section")}</th><th class="text-right">${__("Records")}</th><th>${__("State")}</th>
			</tr></thead><tbody>${refs}</tbody></table>` : ""}
		${refused ? `<h6>${__("Refused")}</h6><div style="max-height: 45vh; overflow: auto"><table class="table table-sm table-bordered">
			<thead><tr><th>${__("Number")}</th><th>${__("Date")}</th><th>${__("Supplier")}</th><th>${__("Section")}</th>
			<th>${__("Reason")}</th></tr></thead><tbody>${refused}</tbody></table></div>` : ""}
	</div>`;
}

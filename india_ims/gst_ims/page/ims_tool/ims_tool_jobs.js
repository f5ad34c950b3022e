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

class ImsJobs {
	constructor(tool) {
		this.tool = tool;
		this.active = {}; // sync log -> kind
		this.latest = {};
		frappe.realtime.on(IMS_PROGRESS_EVENT, (data) => this.on_progress(data));
	}

	make_buttons(can_upload) {
		const page = this.tool.page;
		Object.entries(IMS_JOBS).forEach(([kind, job]) => {
			if (job.manager && !can_upload) return;
			page.add_inner_button(job.label, () => this.start(kind), __("GSTN"));
		});
		page.add_inner_button(__("Export"), () => this.export_excel());
		page.add_menu_item(__("IMS Sync Log"), () => frappe.set_route("List", "IMS Sync Log", { company_gstin: this.tool.gstin }));
		page.add_menu_item(__("IMS Inward Supply"), () => frappe.set_route("List", "IMS Inward Supply", { company_gstin: this.tool.gstin }));
		page.add_menu_item(__("IMS Settings"), () => frappe.set_route("Form", "IMS Settings"));
	}

	refresh_jobs() {
		const gstin = this.tool.gstin;
		if (!gstin) return Promise.resolve(null);
		return frappe.xcall(IMS_TOOL_API + "get_recent_jobs", { company_gstin: gstin }).then((info) => {
			this.latest = info.latest || {};
			this.upload_pending = info.upload_pending;
			Object.values(this.latest).forEach((log) => {
				if (IMS_OPEN.includes(log.status) && log.stage !== "waiting for GSTN") this.active[log.name] = log.kind;
			});
			this.render_status();
			this.poll();
			return info;
		});
	}

	// ------------------------------------------------------------ starting

	start(kind) {
		const job = IMS_JOBS[kind];
		const args = { company_gstin: this.tool.gstin };
		if (job.period) args.period = this.tool.fields.period.get_value();
		const go = () =>
			frappe.xcall(IMS_API + job.method, args).then((r) => {
				frappe.show_alert({
					message: r.already_queued ? __("{0} is already queued", [job.label]) : __("{0} queued", [job.label]),
					indicator: "blue",
				});
				this.active[r.sync_log] = kind;
				this.render_status();
				this.poll();
				return r;
			});
		return job.gstn ? this.with_session(go) : go();
	}

	with_session(go) {
		const gstin = this.tool.gstin;
		return frappe.xcall(IMS_API + "get_session_status", { company_gstin: gstin }).then((status) => {
			if (status.logged_in) return go();
			return frappe.xcall(IMS_API + "request_otp", { company_gstin: gstin }).then(
				() =>
					new Promise((resolve) =>
						frappe.prompt(
							{ fieldname: "otp", fieldtype: "Data", label: __("OTP sent to the GSTIN's registered mobile"), reqd: 1 },
							(v) =>
								frappe
									.xcall(IMS_API + "login", { company_gstin: gstin, otp: v.otp })
									.then(() => resolve(go())),
							__("GSTN login for {0}", [gstin])
						)
					)
			);
		});
	}

	// ------------------------------------------------------------ following

	on_progress(data) {
		if (!data || !this.active[data.sync_log]) return;
		this.progress = data;
		this.render_status();
		if (["done", "failed", "waiting for GSTN"].includes(data.stage)) this.finish(data.sync_log);
	}

	poll() {
		if (this.timer || !Object.keys(this.active).length) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			const names = Object.keys(this.active);
			Promise.all(
				names.map((name) =>
					frappe.xcall(IMS_API + "get_sync_status", { sync_log: name }).then((log) => {
						if (!log) return delete this.active[name];
						this.latest[log.kind] = log;
						const waiting = log.status === "Queued" && log.stage === "waiting for GSTN";
						if (!IMS_OPEN.includes(log.status) || waiting) return this.finish(name);
					})
				)
			).finally(() => {
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
			frappe.show_alert({
				message: `${IMS_JOBS[kind].label}: ${__(log.status)}${log.message ? " · " + log.message : ""}`,
				indicator: ok ? "green" : log.status === "Queued" ? "blue" : "red",
			}, 8);
			if (log.error_count) this.show_errors(log);
			if (kind === "Download" && this.retry_upload && ok) {
				this.retry_upload = false;
				this.start("Upload");
			}
			this.tool.refresh();
			this.refresh_jobs();
		});
	}

	render_status() {
		const busy = Object.keys(this.active).length > 0;
		const $group = this.tool.page.get_inner_group_button(__("GSTN"));
		$group.find("button").prop("disabled", busy);
		const esc = frappe.utils.escape_html;
		const parts = Object.entries(IMS_JOBS).map(([kind, job]) => {
			const log = this.latest[kind];
			if (!log) return "";
			const running = Object.values(this.active).includes(kind);
			const when = log.finished_on || log.started_on || log.queued_on;
			const color = running ? "blue" : { Completed: "green", Failed: "red", "Partly Failed": "orange" }[log.status] || "gray";
			return `<span class="indicator ${color}" style="margin-right: var(--margin-md)" title="${esc(log.message || "")}">
				<a href="${ims_desk_url("IMS Sync Log", log.name)}">${job.label}</a>: ${esc(__(log.status))}
				${when ? `<span class="text-muted">&nbsp;· ${frappe.datetime.comment_when(when)}</span>` : ""}</span>`;
		});
		let progress = "";
		if (busy) {
			const p = this.progress;
			const pct = p && p.total ? Math.round((100 * p.done) / p.total) : null;
			progress = `<div class="progress" style="height: 6px; margin: 4px 0"><div class="progress-bar ${pct == null ? "progress-bar-striped progress-bar-animated" : ""}"
				style="width: ${pct == null ? 100 : pct}%"></div></div>
				<div>${__("Working")}: ${esc((p && p.stage) || __("queued"))}${pct == null ? "" : ` · ${p.done} / ${p.total}`}</div>`;
		}
		const pending = this.upload_pending
			? `<span class="text-warning">${__("{0} changed action(s) not uploaded", [this.upload_pending])}</span>` : "";
		this.tool.$status.html(`${parts.join("")} ${pending}${progress}`);
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
		const args = this.tool.args();
		open_url_post("/api/method/" + IMS_TOOL_API + "export_documents", {
			company_gstin: args.company_gstin,
			period: args.period,
			period_field: args.period_field,
			filters: JSON.stringify(args.filters),
		});
	}
}

// How GST values read on screen, shared by the IMS pages, forms and reports (inlined where needed with
// an include directive). Only function declarations: the including script may be evaluated more than once.

function ims_place_of_supply(code) {
	// "27" -> "27-Maharashtra", as GST documents and India Compliance print a place of supply; the
	// stored value stays the code. The names are gst_india.gstin.STATE_NAMES plus 96 (a test keeps them equal).
	const names = {
		"01": "Jammu and Kashmir",
		"02": "Himachal Pradesh",
		"03": "Punjab",
		"04": "Chandigarh",
		"05": "Uttarakhand",
		"06": "Haryana",
		"07": "Delhi",
		"08": "Rajasthan",
		"09": "Uttar Pradesh",
		"10": "Bihar",
		"11": "Sikkim",
		"12": "Arunachal Pradesh",
		"13": "Nagaland",
		"14": "Manipur",
		"15": "Mizoram",
		"16": "Tripura",
		"17": "Meghalaya",
		"18": "Assam",
		"19": "West Bengal",
		"20": "Jharkhand",
		"21": "Odisha",
		"22": "Chhattisgarh",
		"23": "Madhya Pradesh",
		"24": "Gujarat",
		"25": "Daman and Diu (merged into 26)",
		"26": "Dadra and Nagar Haveli and Daman and Diu",
		"27": "Maharashtra",
		"28": "Andhra Pradesh (old)",
		"29": "Karnataka",
		"30": "Goa",
		"31": "Lakshadweep",
		"32": "Kerala",
		"33": "Tamil Nadu",
		"34": "Puducherry",
		"35": "Andaman and Nicobar Islands",
		"36": "Telangana",
		"37": "Andhra Pradesh",
		"38": "Ladakh",
		"96": "Other Countries",
		"97": "Other Territory",
	};
	const text = String(code == null ? "" : code).trim();
	const key = text.slice(0, 2);
	// already "27-Maharashtra" (a Purchase Invoice beside India Compliance), or not a code: as it is
	if (!/^\d{2}$/.test(text) || !names[key]) return text;
	return `${key}-${names[key]}`;
}

function ims_period_label(period) {
	// "102026" -> "Oct 2026": a return period as a person reads it (the stored value stays MMYYYY)
	const text = String(period == null ? "" : period).trim();
	if (!/^\d{6}$/.test(text)) return text;
	const month = Number(text.slice(0, 2));
	if (month < 1 || month > 12) return text;
	const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
	return `${names[month - 1]} ${text.slice(2)}`;
}

function ims_period_options(periods, current) {
	// A Select's options for return periods: {value: "102026", label: "Oct 2026"}, newest first,
	// always holding ``current`` (a period set by a route or a saved filter).
	const order = (key) => key.slice(2) + key.slice(0, 2);
	const keys = new Set((periods || []).filter((p) => /^\d{6}$/.test(p)));
	if (current && /^\d{6}$/.test(current)) keys.add(current);
	return [...keys]
		.sort((a, b) => order(b).localeCompare(order(a)))
		.map((key) => ({ value: key, label: ims_period_label(key) }));
}

function ims_section_labels() {
	// GSTN's IMS sections as an accountant names them
	return {
		b2b: __("B2B Invoice"),
		b2ba: __("B2B Invoice (amended)"),
		b2bdn: __("Debit Note"),
		b2bdna: __("Debit Note (amended)"),
		b2bcn: __("Credit Note"),
		b2bcna: __("Credit Note (amended)"),
		ecom: __("E-commerce Supply"),
		ecoma: __("E-commerce Supply (amended)"),
	};
}

function ims_section_label(section) {
	return ims_section_labels()[section] || section || "";
}

function ims_desk_formatters(doctype, { periods = [], places = [], sections = [] } = {}) {
	// For a DocType whose rows the jobs write in bulk (GSTN's text, without Frappe's save-time
	// cleaning): Frappe writes Data and Small Text values as HTML in the list and the report view, and
	// Small Text and Select in a form's read-only fields, so each gets an escaping formatter; return
	// periods read "Oct 2026", places of supply "27-Maharashtra" and sections by name (the stored values
	// stay "102026", "27", "b2b"). Called from the DocType's list script, which Frappe runs whenever it
	// loads the DocType, before anything is drawn.
	const fields = frappe.meta.docfield_map[doctype] || {};
	ims_desk_guards();
	// A form's read-only Data field escapes its value before formatting it (options.inline): not twice.
	const escaped = (df, options) => df && df.fieldtype === "Data" && options && options.inline;
	const esc = (value) => frappe.utils.escape_html(value == null ? "" : String(value));
	const text = (shown) => (value, df, options) =>
		escaped(df, options) ? shown(value == null ? "" : String(value)) : esc(shown(value == null ? "" : String(value)));
	const as_is = (value) => value;
	Object.values(fields).forEach((df) => {
		if (df.fieldtype === "Data") df.formatter = text(as_is);
		if (df.fieldtype === "Select") df.formatter = text((value) => (value ? __(value) : ""));
		if (["Small Text", "Text", "Long Text"].includes(df.fieldtype))
			df.formatter = (value) => esc(value).replace(/\n/g, "<br>");
	});
	periods.forEach((name) => {
		const df = fields[name];
		if (!df) return;
		df.formatter = text(ims_period_label);
		// the form shows "Nov 2026" now: a description saying "MMYYYY" would contradict it
		const rest = (df.description || "").replace(/^MMYYYY\b;?\s*/, "");
		if (rest !== (df.description || "")) df.description = /^of /.test(rest) ? `The period ${rest}` : rest.charAt(0).toUpperCase() + rest.slice(1);
	});
	places.forEach((name) => fields[name] && (fields[name].formatter = text(ims_place_of_supply)));
	sections.forEach((name) => fields[name] && (fields[name].formatter = text(ims_section_label)));
}

function ims_desk_guards() {
	// Once per page, for every IMS DocType. A field whose formatter is set above can lose it: when the
	// DocType's meta is synced again its fields are new objects, and the report view has drawn GSTN's
	// numbers unescaped from them. So frappe.format itself writes text fields of an IMS DocType that
	// carry no formatter as text.
	if (!frappe.__ims_format_guarded) {
		const frappes_format = frappe.format;
		const esc = (value) => frappe.utils.escape_html(value == null ? "" : String(value));
		const plain = ["Data", "Select", "Autocomplete", "Small Text", "Text", "Long Text"];
		frappe.format = function (value, df, options, doc) {
			if (df && !df.formatter && (df.parent || "").startsWith("IMS ") && plain.includes(df.fieldtype)) {
				// a form's read-only Data field has escaped the value already (options.inline)
				if (df.fieldtype === "Data" && options && options.inline) return value == null ? "" : value;
				const shown = df.fieldtype === "Select" && value ? __(value) : value;
				return esc(shown).replace(/\n/g, "<br>");
			}
			return frappes_format.apply(this, arguments);
		};
		frappe.__ims_format_guarded = true;
	}
	if (!frappe.__ims_title_guarded && frappe.model && frappe.model.get_doc_title) {
		// Frappe 16 writes a record's title (IMS Inward Supply's is GSTN's document number) into the
		// form's breadcrumb as HTML whenever it does not parse as markup in a body, which a lone
		// <script> does not: an IMS record's title is handed over as text.
		const frappes_title = frappe.model.get_doc_title;
		frappe.model.get_doc_title = function (doc) {
			const title = frappes_title.apply(this, arguments);
			const ims = doc && (doc.doctype || "").startsWith("IMS ");
			return ims && typeof title === "string" ? frappe.utils.escape_html(title) : title;
		};
		frappe.__ims_title_guarded = true;
	}
	ims_escape_group_by();
}

function ims_escape_group_by() {
	// The sidebar's "Filter By" lists a field's values (any Data field a user adds, e.g. Document
	// Number) as HTML, in the list and the report view alike: for the IMS DocTypes the values are
	// written as text. The filter a click applies still carries the exact stored value (data-value).
	const group_by = frappe.views.ListGroupBy && frappe.views.ListGroupBy.prototype;
	if (!group_by || group_by.__ims_escaped) return;
	const frappes = group_by.get_dropdown_html;
	group_by.get_dropdown_html = function (field, fieldtype, applied = false) {
		if (!(this.doctype || "").startsWith("IMS ") || field.name == null || fieldtype === "Check")
			return frappes.call(this, field, fieldtype, applied);
		const esc = frappe.utils.escape_html;
		const name = String(field.name);
		const label = name === frappe.session.user ? __("Me") : esc(__(name));
		const tick = applied ? `<span class="applied"> ${frappe.utils.icon("tick", "xs")} </span>` : "";
		return `<li class="group-by-item ${applied ? "selected" : ""}" data-value="${encodeURIComponent(name)}">
			<a class="dropdown-item" href="#" onclick="return false;">
				${tick}
				<span class="group-by-value ellipsis" data-name="${esc(name)}">${label}</span>
				<span class="group-by-count">${cint(field.count)}</span>
			</a>
		</li>`;
	};
	group_by.__ims_escaped = true;
}

function ims_inr(value, decimals = 2) {
	// Rupees as a CA writes them: Indian grouping and the minus before the symbol, "-₹15,404.69" and
	// "₹12,34,567.00" (Frappe's currency format reads "₹ -15,404.69"); the same as the core's
	// money.format_inr. Text, not HTML: the caller escapes it where it is written into HTML.
	const number = Number(value);
	const amount = Number.isFinite(number) ? number : 0;
	const scale = 10 ** decimals;
	// rounded half away from zero on the magnitude, so -0.005 and 0.005 read alike
	const rounded = Math.round((Math.abs(amount) + Number.EPSILON) * scale) / scale;
	const [whole, fraction] = rounded.toFixed(decimals).split(".");
	const sign = amount < 0 && rounded > 0 ? "-" : "";
	return `${sign}₹${ims_indian_digits(whole)}${fraction ? "." + fraction : ""}`;
}

function ims_indian_digits(whole) {
	// "1234567" -> "12,34,567": the last three digits, then pairs
	if (whole.length <= 3) return whole;
	return `${whole.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ",")},${whole.slice(-3)}`;
}

function ims_inr_short(value) {
	// A chart's axis label in the units a CA reads: 15 K, 2 L (lakh), 1.2 Cr (crore), up to two
	// decimals; frappe-charts' own shortening says "200K" and "12M". No symbol: the chart's title names
	// the rupees, the tooltip gives the full figure (ims_inr).
	const number = Number(value);
	const amount = Number.isFinite(number) ? number : 0;
	const size = Math.abs(amount);
	const in_units = (divisor) => Math.round((size / divisor + Number.EPSILON) * 100) / 100;
	// the largest unit the figure reaches once rounded: 99,999 reads "1 L", not "100 K"
	const [unit, divisor] = [["Cr", 1e7], ["L", 1e5], ["K", 1e3]].find(([, d]) => in_units(d) >= 1) || ["", 1];
	const rounded = in_units(divisor);
	if (!rounded) return "0";
	const [whole, fraction] = rounded.toFixed(2).split(".");
	const decimals = fraction.replace(/0+$/, "");
	const text = `${ims_indian_digits(whole)}${decimals ? "." + decimals : ""}`;
	return `${amount < 0 ? "-" : ""}${text}${unit ? " " + unit : ""}`;
}

function ims_chart_money() {
	// frappe-charts options for a chart of rupees: axis labels in thousand / lakh / crore, tooltips in
	// full rupees with Indian grouping. The axis formatter only runs with shortenYAxisNumbers on.
	return {
		axisOptions: { shortenYAxisNumbers: 1, numberFormatter: ims_inr_short },
		tooltipOptions: { formatTooltipY: (value) => ims_inr(value) },
	};
}

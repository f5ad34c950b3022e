// IMS Inward Supply in the list, the report view and the form: GSTN's text escaped, a place of supply
// read as "27-Maharashtra", a return period as "Oct 2026" and a section by its name (ims_desk_formatters).
{% include "india_ims/public/js/ims_format.js" %}

ims_desk_formatters("IMS Inward Supply", {
	periods: ["supplier_return_period", "gstr2b_period", "fig_period"],
	places: ["place_of_supply"],
	sections: ["section"],
});

frappe.listview_settings["IMS Inward Supply"] = {
	// the name is a hash; the document number (the title) says which record it is
	hide_name_column: true,
};

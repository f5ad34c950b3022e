// IMS GSTR-2B in the list, the report view and the form: text escaped, return periods read as "Oct 2026"
// (ims_desk_formatters).
{% include "india_ims/public/js/ims_format.js" %}

ims_desk_formatters("IMS GSTR-2B", { periods: ["return_period"] });
ims_desk_formatters("IMS GSTR-2B Summary");

// IMS Return Period in the list, the report view and the form: text escaped, return periods read as "Oct 2026"
// (ims_desk_formatters).
{% include "india_ims/public/js/ims_format.js" %}

ims_desk_formatters("IMS Return Period", { periods: ["return_period"] });
// its events table (a reason, an outcome) in the form and as report view columns
ims_desk_formatters("IMS Return Period Event");

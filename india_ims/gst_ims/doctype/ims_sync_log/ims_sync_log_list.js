// IMS Sync Log in the list, the report view and the form: text escaped, return periods read as "Oct 2026"
// (ims_desk_formatters).
{% include "india_ims/public/js/ims_format.js" %}

ims_desk_formatters("IMS Sync Log", { periods: ["return_period"] });
// its errors table carries GSTN's document numbers and messages, and the report view can show its columns
ims_desk_formatters("IMS Sync Log Error", { sections: ["section"] });

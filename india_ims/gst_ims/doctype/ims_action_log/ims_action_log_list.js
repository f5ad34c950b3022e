// IMS Action Log in the list and the report view: a remark (a user's or GSTN's, written in bulk with the
// actions, past Frappe's save-time cleaning) shown as text (ims_desk_formatters).
{% include "india_ims/public/js/ims_format.js" %}

ims_desk_formatters("IMS Action Log");

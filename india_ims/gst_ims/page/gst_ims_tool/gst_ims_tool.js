// The awesomebar ranks pages by their title alone (fuzzy score, shorter titles higher): for "GST IMS"
// India Compliance's "GST Invoice Management System" outscores "Invoice Management (GST IMS)". This
// route, titled "GST IMS Tool", comes first for those words and opens the tool; the route is replaced,
// not pushed, so Back never lands here again.
frappe.pages["gst-ims-tool"].on_page_show = function () {
	frappe.route_flags.replace_route = true;
	frappe.set_route("ims-tool");
};

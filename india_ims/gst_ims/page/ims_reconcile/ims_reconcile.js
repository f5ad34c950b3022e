// The awesomebar finds pages by title only: "reconcile" finds this route, which opens the
// Invoice Management (IMS) tool, where purchases are reconciled with GSTN. The route is replaced,
// not pushed, so the browser's Back button never lands here again.
frappe.pages["ims-reconcile"].on_page_show = function () {
	frappe.route_flags.replace_route = true;
	frappe.set_route("ims-tool");
};

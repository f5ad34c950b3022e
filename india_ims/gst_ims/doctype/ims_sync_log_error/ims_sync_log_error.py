from frappe.model.document import Document


class IMSSyncLogError(Document):
    pass

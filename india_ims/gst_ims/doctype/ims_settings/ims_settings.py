from frappe.model.document import Document


class IMSSettings(Document):
    pass

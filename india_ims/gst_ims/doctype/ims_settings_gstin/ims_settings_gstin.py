from frappe.model.document import Document


class IMSSettingsGSTIN(Document):
    pass

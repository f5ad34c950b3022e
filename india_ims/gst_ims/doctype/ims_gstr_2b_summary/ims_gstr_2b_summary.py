from frappe.model.document import Document


class IMSGSTR2BSummary(Document):
    pass

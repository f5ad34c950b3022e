from frappe.model.document import Document


class IMSTaxAccount(Document):
    pass

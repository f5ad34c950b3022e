from frappe.model.document import Document


class IMSReturnPeriodEvent(Document):
    pass

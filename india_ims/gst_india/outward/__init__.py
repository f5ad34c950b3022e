"""The other side of IMS: our sales as our recipients' IMS shows them (FAQ 18, 34).

- ``model``: plain types of the supplier view (a sale with the recipient's action, a Sales Invoice).
- ``pairing``: our reported sales paired with our Sales Invoices by the same matching engine as the
  purchase side, through a thin mapping (the engine is not changed).
- ``liability``: what a recipient's rejection adds back to our GSTR-3B, and in which period.
- ``followup``: per counterparty, the documents to chase and their differences in words.

Pure: no frappe.
"""

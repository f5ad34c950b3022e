"""Drop the Purchase Invoice index on its IMS record link alone (``ims_inward_supply_index``).

The app reads an invoice's link by the invoice's name and finds a record's invoice on the record
(``purchase_invoice``, indexed there): the index only cost the first write of every matched invoice,
a lakh of them in a first download of a lakh (about 1 s of the reconciliation's writes)."""

from india_ims.ims.constants import PI_LINK
from india_ims.patches.drop_pi_period_index import drop_lone_indexes


def execute():
    drop_lone_indexes(PI_LINK)

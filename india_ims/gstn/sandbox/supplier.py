"""The sandbox taxpayer as a supplier: its sales, as its recipients' IMS portals hold them.

Each recipient is a ``Portal`` of its own, seeded with our sales to it. A recipient acts the way any
taxpayer does: a SAVE request processed by GSTN's rules (``Portal.submit``), so what the supplier view
shows is fed by the recipients' actions, never set directly. When a recipient files its GSTR-3B, the
credit notes it rejected are added back to our liability in the next period (FAQ 34; spec 7.8 leaves
the table open).
"""

from __future__ import annotations

from dataclasses import replace

from ...gst_india.documents import Action, ImsRecord, ItcReduction, Section
from ...gst_india.payload import ims as ims_wire
from ...gst_india.periods import ReturnPeriod
from ..adapter import AddedBackLiability, SupplierSale
from .portal import Portal, PortalConfig, PortalError

# Sections where a recipient's rejection is added back to the supplier's liability (SB-abl's sections).
ADDED_BACK_SECTIONS = frozenset({Section.B2BCN, Section.B2BCNA, Section.B2BA, Section.ECOMA})
# Deterministic behaviour of the seeded recipients, by position: what each one does with our sales.
BEHAVIOUR = (Action.ACCEPT, Action.REJECT, Action.PENDING, Action.NO_ACTION)


class SupplierSide:
    def __init__(self, gstin: str, period: str, today, recipients: dict[str, Portal] | None = None):
        self.gstin = gstin
        self.period = period
        self.today = today
        self.recipients: dict[str, Portal] = recipients or {}

    # ---------------------------------------------------------------- seeding

    @classmethod
    def seeded(
        cls, gstin: str, period: str, today, *, seed: int = 1, per_recipient: int = 12
    ) -> SupplierSide:
        """Two recipients buying from us, each acting on our sales by ``BEHAVIOUR``."""
        from ...synthetic import generate_month

        side = cls(gstin, period, today)
        for offset in (101, 102):
            month = generate_month(seed + offset, per_recipient, "returns", period=period)
            sales: dict[tuple, ImsRecord] = {}
            for record in month.ims_records:
                ours = replace(record, supplier_gstin=gstin, action=Action.NO_ACTION, supplier_filed=True)
                sales.setdefault(ours.key, ours)
            side.add_recipient(month.recipient_gstin, list(sales.values()))
        for portal in side.recipients.values():
            for position, record in enumerate(sorted(portal.in_ims(), key=lambda r: r.key)):
                action = BEHAVIOUR[position % len(BEHAVIOUR)]
                if action is not Action.NO_ACTION:
                    side.recipient_acts(portal.config.gstin, record.key, action)
        return side

    def add_recipient(self, gstin: str, sales: list[ImsRecord]) -> Portal:
        config = PortalConfig(
            gstin=gstin, username=f"recipient-{gstin}", period=self.period, today=self.today
        )
        self.recipients[gstin] = Portal.seeded(config, sales)
        return self.recipients[gstin]

    # ---------------------------------------------------------------- what recipients do

    def recipient_acts(
        self, recipient: str, key: tuple, action: Action, *, remarks: str | None = None
    ) -> str:
        """The recipient saves an action on one of our sales through GSTN's processing; returns P/PE/ER."""
        portal = self._recipient(recipient)
        state = portal.states.get(tuple(key))
        if state is None:
            raise PortalError("IMS_NOT_FOUND", f"{recipient} has no record {'|'.join(key)}")
        record = state.record
        reduction = None
        if action is Action.ACCEPT and record.section in (Section.B2BCN, Section.B2BCNA):
            # A recipient declares its reversal on accepting a credit note (spec 1.8): full here.
            amounts = record.amounts
            reduction = ItcReduction(True, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)
        request_type = "RESET" if action is Action.NO_ACTION else "SAVE"
        upload = ims_wire.Upload(record, action, state.gstn_action, remarks, reduction)
        body = (ims_wire.build_reset if request_type == "RESET" else ims_wire.build_save)(recipient, [upload])
        _, _, rows = ims_wire.parse_save_request(body)
        reference = portal.submit(request_type, rows)
        return portal.poll(reference).status

    def recipient_files_3b(self, recipient: str, period: str) -> dict[str, int]:
        return self._recipient(recipient).file_gstr3b(period)

    def _recipient(self, gstin: str) -> Portal:
        portal = self.recipients.get(gstin)
        if portal is None:
            raise PortalError("IMS_BAD_REQUEST", f"{gstin} is not a recipient of this supplier")
        return portal

    # ---------------------------------------------------------------- the supplier view

    def sales(self, period: str, return_type: str = "GSTR1", sections: set[Section] | None = None) -> list:
        """Our sales reported in ``period`` with each recipient's action as GSTN holds it."""
        form = "R1A" if return_type == "GSTR1A" else "R1"
        out = []
        for recipient, portal in sorted(self.recipients.items()):
            with portal.lock:
                portal.tick()
                for state in portal.states.values():
                    record = state.record
                    if record.supplier_return_period != period or record.source_form != form:
                        continue
                    if sections is not None and record.section not in sections:
                        continue
                    out.append(
                        SupplierSale(
                            record.section,
                            recipient,
                            record.document_number,
                            record.document_date,
                            record.document_value,
                            record.amounts,
                            state.gstn_action,
                            return_type,
                            period,
                            record.original_number if record.section.is_amendment else None,
                            record.original_date if record.section.is_amendment else None,
                        )
                    )
        return out

    def added_back(self, period: str) -> list[AddedBackLiability]:
        """Rejections whose recipient filed the GSTR-3B of the period before ``period`` (FAQ 34)."""
        previous = str(ReturnPeriod.parse(period).add(-1))
        out = []
        for recipient, portal in sorted(self.recipients.items()):
            with portal.lock:
                portal.tick()
                if previous not in portal.filed_3b:
                    continue
                for state in portal.states.values():
                    record = state.record
                    if record.section not in ADDED_BACK_SECTIONS or state.gstn_action is not Action.REJECT:
                        continue
                    if record.supplier_return_period != previous:
                        continue
                    out.append(
                        AddedBackLiability(
                            record.section,
                            recipient,
                            record.document_number,
                            record.document_date,
                            record.document_value,
                            record.amounts,
                            record.supplier_return_period,
                            record.source_form,
                            state.remarks,
                        )
                    )
        return out

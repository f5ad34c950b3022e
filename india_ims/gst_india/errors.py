"""Errors raised by the pure core.

Every error names the record and the field it is about, so a user can find the
bad value without reading a stack trace.
"""

from __future__ import annotations


class GstError(ValueError):
    """Base class for every data error of the core."""


class InvalidGstin(GstError):
    pass


class InvalidPeriod(GstError):
    pass


class InvalidAmount(GstError):
    pass


class PayloadError(GstError):
    """A GSTN payload that cannot be read or built.

    Carries where it happened so the caller can show it: the section, the
    record's position in that section (1-based), the supplier's GSTIN, its
    document number and the field.
    """

    def __init__(
        self,
        message: str,
        *,
        section: str | None = None,
        position: int | None = None,
        document_number: str | None = None,
        field: str | None = None,
        supplier: str | None = None,
    ):
        self.section = section
        self.position = position
        self.document_number = document_number
        self.field = field
        self.supplier = supplier
        where = []
        if section:
            where.append(f"section {section}")
        if position is not None:
            where.append(f"record {position}")
        if supplier:
            where.append(f"supplier {supplier}")
        if document_number:
            where.append(f"document {document_number!r}")
        if field:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)

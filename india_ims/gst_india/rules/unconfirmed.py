"""Rules whose exact portal behaviour is not confirmed (spec section 7, and [U] rows of spec 4.3).

Kept as data so the app can flag them next to a decision and the README can
list them. Settled and so no longer here (spec 7, updated): pending records past
Section 16(4) leave IMS (FAQ 21); the draft 2B waits for the previous GSTR-3B
(FAQ 25); a rejected credit note is added back in the supplier's GSTR-3B of the
period after the recipient files (FAQ 34); amendments count at the difference
from the value last counted, which also caps a declared reduction (spec 1.8).
Each entry: what is unknown, the spec reference, and what the engine does
meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unconfirmed:
    topic: str
    reference: str
    engine_does: str


UNCONFIRMED: tuple[Unconfirmed, ...] = (
    Unconfirmed(
        "How the API addresses GSTR-2BQ",
        "spec 3.5, 7.7; FAQ 27",
        "Files the 2BQ under the quarter's last month; months 1 and 2 are refused (QRMP_MONTH_WITHOUT_2B).",
    ),
    Unconfirmed(
        "How declared ITC reductions appear in GSTR-2B and GSTR-3B",
        "spec 1.8, 7.9",
        "The declared amount replaces the document's reduction in its own 2B section (Part B for "
        "credit notes, a negative delta in Part A-I for downward amendments), so it nets in 4A(5); "
        "nothing goes to itcrev.",
    ),
    Unconfirmed(
        "What itcRedReq Y without declared amounts means on an amendment",
        "spec 1.8 (India Compliance's \"absence means full\"), 7",
        "Reads it as the full reduction without amounts (FULL_REDUCTION): counted as the amendment's "
        "difference from the earlier version where it is stored, else at the amended value with the "
        "reason given; never uploaded as it is (ITC_REDUCTION_AMOUNTS_UNDECLARED).",
    ),
    Unconfirmed(
        "Whether itcrev carries anything besides Rule 37A reversals",
        "spec 3.3, 7.9",
        "Only Rule 37A documents go to ITC Reversal (4B(2)).",
    ),
    Unconfirmed(
        "Annexure-A of the IMS FAQ (verbatim table)",
        "spec 4.3, 7.1",
        "Effects follow the reconstruction in spec 4.3; rows marked unconfirmed (7, 10, 13, 17) carry "
        "confirmed=False on the Effect.",
    ),
    Unconfirmed(
        "Pending on amendments whose original is not known locally (GSTN flag absent)",
        "FAQ 11 (B-D); spec 1.8",
        "Allows Pending with a warning (PendingVerdict.certain False); the re-download before upload "
        "brings GSTN's own flag.",
    ),
    Unconfirmed(
        "Pending on downward ECO amendments before October 2025",
        "FAQ 11 (D) names invoices and debit notes; spec 1.8 adds ECO documents from Oct-2025",
        "Not blocked before October 2025; a specified record from October 2025.",
    ),
    Unconfirmed(
        "When the Pending window of a specified record ends, and what 'deemed accepted' means for "
        "later actions",
        "spec 1.8; advisory of 17-Oct-2025, Q4 ('till the due date of GSTR-3B of [GSTR-2B period + 1 "
        "tax period]')",
        "The window ends with the GSTR-3B of the period after the record's own: filing it turns the "
        "record to No Action in the period after, with Pending blocked; Accept and Reject remain "
        "possible until that period's GSTR-3B. A GSTR-3B filed after its due date leaves Pending "
        "allowed here until it is filed; GSTN's own flag (ispendactblocked) on the next download "
        "settles it.",
    ),
    Unconfirmed(
        "FAQ 11 (A) and (B) read 'credit note rejected by the recipient'",
        "FAQ 11 (A, B); India Compliance IMS guide (seed 000); spec 1.8",
        "Reads them as the guide and the October 2025 advisory do: before October 2025 Pending is barred "
        "on every original credit note and upward credit-note amendment, whatever the action on them.",
    ),
    Unconfirmed(
        "Whether a credit-note amendment with unchanged values is a specified record",
        "spec 1.8, 4.3 rows 8 and 15 (a wrongly rejected note re-reported unchanged)",
        "Not specified: Pending is allowed without the window of specified records and no ITC "
        "reduction can be declared, though accepting it lowers ITC by its full value when the "
        "original was rejected.",
    ),
    Unconfirmed(
        "Whether accepting a credit-note amendment needs itcRedReq like an original credit note",
        "spec 1.8 (IMSSAV0054 seen on section cn only)",
        "Only original credit notes need the declaration (ITC_DECLARATION_REQUIRED); amendments may "
        "carry one where spec 1.8 allows it.",
    ),
    Unconfirmed(
        "Remarks length and which actions may carry them",
        "spec 1.8",
        "Any action may carry remarks from October 2025 unless blocked; no length limit is enforced.",
    ),
)

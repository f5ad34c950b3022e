"""Compare candidate pairs in bulk: number level, date gap, amount agreement; who may pair; score; status.

All columns are numpy arrays over the candidate pairs, so a month of a
million documents is a handful of vector operations, not a Python loop.

Who may pair (a similar number alone never does):

============================  =================================================
numbers agree at level 0-2    and the date is within the window, or the amounts
                              agree (all heads, or the same tax under other
                              heads, or only the cess left out)
level 3 (prefix dropped,      and the same date when one number is the other
a scan's letter, a clerk's    with a prefix in front (45 / INV/45) or is it
suffix: 1045-1)               with a scan's letter read, or a date within the
                              window and amounts that agree
level 4 (a slip)              and every head within the tolerance, a taxable
                              value no other document of the PAN carries, and
                              either the same date or amounts equal to the
                              paisa; weighed only after every better pair
another GSTIN of the PAN      numbers at level 0-3, date within the window,
                              amounts agree and tell documents apart
another document type         numbers at level 0-2 (or a prefix added), date
(invoice vs debit note;       within the window, every head within the
credit note vs debit note)    tolerance (credit vs debit: level 0-1 only)
a GSTIN of the PAN failing    numbers at level 0-2, date within the window,
its check character           amounts agree (no branch: no distinctive amount)
another PAN, the books'       date within the window and numbers at level 0-2
GSTIN blank, invalid, the     with amounts that agree, or level 3 with every
company's own, or up to 3     amount to the paisa; or the number as written
characters off (``identity``) and the supplier's own name booked, or on the
                              same day with every tax head to the paisa; a
                              name booked must not be another supplier's
numbers agree in nothing      same GSTIN, type and place of supply, date
                              within the window, every amount to the paisa, a
                              distinctive taxable value; weighed last, a Mismatch (Suggested
                              where a year-like run no year of the date makes
                              them agree: 3/2040 / 3/2040/26-27, ``far_years``;
                              or, on the bill's day, one digit of the serial
                              but its last mistyped: GJ003256 / GJ002256)
============================  =================================================
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..documents import DocumentType
from . import far_years
from .characters import GSTN_MAX_LENGTH, rule46_cut
from .features import DOCUMENT_TYPE_CODE, KEY_KINDS, Side
from .identity import contradicts, mistyped, name_key, names_by_pan, same_name
from .levels import alike_read, number_levels
from .model import MatchSettings
from .rates import two_rates
from .relations import (
    mark_added,
    names_a_debit_note,
    one_digit_mistyped,
    one_ends_the_other,
    other_document_booked,
    part_read_as_serial,
    reference_booked,
    same_runs,
    series_digit_dropped,
    suffix_added,
    tail_related,
)
from .series import another_series, series_neighbours
from .years import day_of, year_rules

EXACT, SUGGESTED, MISMATCH = 0, 1, 2
CREDIT = DOCUMENT_TYPE_CODE[DocumentType.CREDIT_NOTE]
DEBIT_NOTE = DOCUMENT_TYPE_CODE[DocumentType.DEBIT_NOTE]
# Documents agreeing exactly that prove a books PAN to be an IMS supplier's (``_proven_pans``).
PROVEN_DOCUMENTS = 2

# Amount agreement classes.
A_EXACT, A_TOLERANCE, A_HEADS, A_CESS, A_TAXABLE, A_DIFFERENT = range(6)
# Score points: amounts weigh most (40), then the number (30 at level 0), then the date (20). A
# number written another way with every amount equal is more surely the document than the same
# number with other amounts and another date (the sample's CN-26/0819: the register holds both).
NUMBER_POINTS = np.array([30.0, 28.0, 26.0, 20.0, 12.0, 0.0])
MAX_POINTS = 30 + 20 + 40 + 13


@dataclass
class PairTable:
    ims: np.ndarray
    books: np.ndarray
    level: np.ndarray
    via_original: np.ndarray
    date_gap: np.ndarray
    amount_class: np.ndarray
    eligible: np.ndarray
    score: np.ndarray
    status: np.ndarray
    chosen: np.ndarray  # set by the assignment

    def select(self, mask: np.ndarray) -> PairTable:
        return PairTable(*(getattr(self, name)[mask] for name in self.__dataclass_fields__))


def _at_two_rates(asked: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The ``asked`` pairs whose two sides are each at another rate GST charges (``rates.two_rates``),
    computed for those pairs alone."""
    found = np.zeros(len(asked), dtype=bool)
    rows = np.flatnonzero(asked)
    if len(rows):
        found[rows] = two_rates(a[rows], b[rows])
    return found


def _repeats(side: Side) -> np.ndarray:
    """How many documents of the same supplier PAN and side carry the same taxable value."""
    if not side.size:
        return np.zeros(0, np.int64)
    combined = side.block.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) \
        + side.amounts[:, 0].astype(np.uint64)
    _, inverse, counts = np.unique(combined, return_inverse=True, return_counts=True)
    return counts[inverse.ravel()]


def _alone_within(side: Side, rows: np.ndarray, window: int) -> np.ndarray:
    """For each of ``rows``: no other document of the same supplier PAN and side carries the same
    amounts, every head, within ``window`` days of it. The amounts are hashed: two that collide count
    as a repeat, which only ever withholds a pair. A rent of one amount each month is alone in its
    month; a chain's standard fee, billed by two branches on one day, is not."""
    combined = side.block.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    for head in range(side.amounts.shape[1]):
        combined = combined * np.uint64(0x100000001B3) + side.amounts[:, head].astype(np.uint64)
    days: dict[int, list[int]] = {}
    for row in np.flatnonzero(np.isin(combined, combined[rows])).tolist():
        days.setdefault(int(combined[row]), []).append(int(side.date[row]))
    alone = np.empty(len(rows), dtype=bool)
    for k, row in enumerate(rows.tolist()):
        day = int(side.date[row])
        alone[k] = sum(1 for other in days[int(combined[row])] if abs(other - day) <= window) == 1
    return alone


def _near_gstins(mask: np.ndarray, ims: Side, books: Side, i, j, proven: set) -> np.ndarray:
    """``mask`` without pairs whose books GSTIN is valid and far from the IMS one: a valid GSTIN is
    doubted only when it is a slip of the supplier's (blank and invalid ones are doubted anyway), or
    when the books' PAN is ``proven`` to be the IMS one's (see ``_proven_pans``)."""
    for position in np.flatnonzero(mask).tolist():
        row = j[position]
        booked = books.gstin_texts[books.order[row]]
        if not booked or books.gstin_invalid[row]:
            continue
        if not mistyped(booked, ims.gstin_texts[ims.order[i[position]]]) \
                and (int(books.pan[row]), int(ims.pan[i[position]])) not in proven:
            mask[position] = False
    return mask


def _alone_on_both_sides(ims: Side, books: Side, i, j, positions: np.ndarray, window: int) -> np.ndarray:
    """``_alone_within`` of the pairs at ``positions``, on the IMS side and on the books side."""
    return _alone_within(ims, i[positions], window) & _alone_within(books, j[positions], window)


def _one_to_one(ims_rows: np.ndarray, book_rows: np.ndarray, related: np.ndarray) -> np.ndarray:
    """For each pair: it is ``related`` and neither its IMS record nor its entry is in another
    related pair, so the relation alone names the partner."""
    ims_seen = Counter(ims_rows[related].tolist())
    book_seen = Counter(book_rows[related].tolist())
    return related & np.array([ims_seen[a] == 1 and book_seen[b] == 1
                               for a, b in zip(ims_rows.tolist(), book_rows.tolist())], dtype=bool)


def _slips_keep_the_tax(mask: np.ndarray, doubted: np.ndarray, ims: Side, books: Side, i, j,
                        proven: set) -> np.ndarray:
    """``mask`` without the ``doubted`` pairs (tax not to the paisa) whose books GSTIN is valid: a
    registered GSTIN of another PAN is the supplier's mistyped only when the bill is otherwise the
    same, as a slip of the GSTIN leaves the amounts; a neighbouring registration's own bill of that
    number and day carries its own tax. Blank and invalid GSTINs name no one else, and a PAN
    ``proven`` to be the supplier's is theirs."""
    for position in np.flatnonzero(doubted).tolist():
        row = j[position]
        if books.gstin_texts[books.order[row]] and not books.gstin_invalid[row] \
                and (int(books.pan[row]), int(ims.pan[i[position]])) not in proven:
            mask[position] = False
    return mask


def _proven_pans(exact_across: np.ndarray, ims: Side, books: Side, i, j) -> set:
    """(books PAN, IMS PAN) of a supplier booked under a wrong GSTIN altogether (a supplier master
    holding another GSTIN): at least two of its documents agree with the IMS supplier's in number,
    date and every amount to the paisa, which no two unrelated suppliers do."""
    positions = np.flatnonzero(exact_across)
    if len(positions) < PROVEN_DOCUMENTS:
        return set()
    pairs = np.stack([books.pan[j[positions]], ims.pan[i[positions]]], axis=1)
    found, counts = np.unique(pairs, axis=0, return_counts=True)
    return {(int(a), int(b)) for (a, b), n in zip(found.tolist(), counts.tolist()) if n >= PROVEN_DOCUMENTS}


def _names_agree(mask: np.ndarray, ims: Side, books: Side, i, j, required: bool = False) -> np.ndarray:
    """``mask`` without pairs whose booked supplier name differs from every name the books hold for
    the IMS record's PAN (a row without a name, or a PAN without names, contradicts nothing unless
    the name is ``required``)."""
    positions = np.flatnonzero(mask)
    if not len(positions) or books.names is None:
        return mask
    known = names_by_pan(books.pan, books.names, books.order, ~books.suspect,
                         set(ims.pan[i[positions]].tolist()))
    keys_of: dict[str, str] = {}
    for position in positions.tolist():
        name = books.names[books.order[j[position]]]
        if name and name not in keys_of:
            keys_of[name] = name_key(name)
        keys = known.get(int(ims.pan[i[position]]))
        if not (name and keys):
            mask[position] = not required
        elif required:
            mask[position] = same_name(keys_of[name], keys)
        else:
            mask[position] = not contradicts(keys_of[name], keys)
    return mask


def compare(ims: Side, books: Side, i: np.ndarray, j: np.ndarray, settings: MatchSettings,
            blank: int = -1) -> PairTable:
    """``blank``: the id of an empty place of supply."""
    tolerance, window = settings.amount_tolerance, settings.date_window_days
    level, date_gap, via_original, as_written = number_levels(ims, books, i, j)
    # Rule 46: a books number longer than 16 characters of which GSTN kept 16
    long_books = books.number_lengths > GSTN_MAX_LENGTH
    for position in np.flatnonzero((level >= 3) & long_books[j]).tolist():
        if rule46_cut(ims.numbers[i[position]], books.numbers[j[position]]):
            level[position] = 2
    # leading zeros dropped where a serial reads as a year (MH/2025/01920A booked MH/2025/1920A: the
    # tokens key read 1920 as FY 2019-20 on one side only); the zeroless key agrees, the runs do too
    for position in np.flatnonzero(level == 4).tolist():
        written = ims.original_numbers if via_original[position] else ims.numbers
        if same_runs(written[i[position]], books.numbers[j[position]]):
            level[position] = 2

    a, b = ims.amounts[i], books.amounts[j]
    diff = np.abs(a - b)
    worst = diff.max(axis=1)
    taxable_ok = diff[:, 0] <= tolerance
    cess_ok = diff[:, 4] <= tolerance
    gst_a = a[:, 1] + a[:, 2] + a[:, 3]
    gst_b = b[:, 1] + b[:, 2] + b[:, 3]
    amount_class = np.full(len(i), A_DIFFERENT, dtype=np.int8)
    amount_class[taxable_ok] = A_TAXABLE
    cess_left_out = taxable_ok & (diff[:, 1:4].max(axis=1, initial=0) <= tolerance) & ~cess_ok \
        & ((a[:, 4] == 0) | (b[:, 4] == 0))
    amount_class[cess_left_out] = A_CESS
    amount_class[taxable_ok & cess_ok & (np.abs(gst_a - gst_b) <= 2 * tolerance)] = A_HEADS
    amount_class[worst <= tolerance] = A_TOLERANCE
    amount_class[worst <= settings.exact_tolerance] = A_EXACT
    agree = amount_class <= A_CESS
    close = amount_class <= A_TOLERANCE
    # every tax head to the paisa, some tax charged: whatever the taxable value says, a fingerprint
    tax_exact = (diff[:, 1:].max(axis=1) <= settings.exact_tolerance) & (a[:, 1:].sum(axis=1) > 0)

    in_window = date_gap <= window
    same_gstin = ims.gstin[i] == books.gstin[j]
    same_type = ims.document_type[i] == books.document_type[j]
    # a place of supply one side left blank is unknown, not different
    same_pos = (ims.place_of_supply[i] == books.place_of_supply[j]) | (ims.place_of_supply[i] == blank) \
        | (books.place_of_supply[j] == blank)
    same_rc = ims.reverse_charge[i] == books.reverse_charge[j]
    # A suffix the clerk typed after the bill's number (9000612182-1: ERPNext refuses a bill number
    # it holds for the supplier) leaves the number written differently, as a word after the serial
    # does (level 3), on amounts that agree within the window. Not a letter (3205A, 181/R: an
    # amendment's or a revision's mark), nor digits glued on (32051: another serial).
    longer = np.abs(books.number_lengths[j] - ims.number_lengths[i])
    for position in np.flatnonzero((level == 5) & agree & in_window & ~via_original & (longer >= 1)
                                   & (longer <= 6)).tolist():
        if suffix_added(ims.numbers[i[position]], books.numbers[j[position]]):
            level[position] = 3

    # Financial years (``years``): a two-digit year of the document's own year is the number written
    # differently (KA/26/00279 = FY25-26/KA/00279); numbers naming two different financial years are
    # two documents however alike the rest (the rent bill RENT/23-24/12 booked a year late is not this
    # year's RENT/24-25/12), paired within the window only as a Mismatch; the same number dated in
    # another financial year months apart is last year's bill, unless the date is this one mistyped.
    other_year, far_year = year_rules(level, in_window, i, j, via_original, ims, books, as_written)
    # A slip is believed only on an amount that tells documents apart: a supplier who bills the same
    # amount again and again (freight per trip, a standard pack) has sequential near-twin numbers with
    # equal amounts every week, and one reported but not booked next to one booked but not reported.
    # A prefix dropped or added by the clerk (45 or SUP/INV/45 vs INV/45) may pair on the date alone;
    # two different prefixes (INV/321 vs SRV/321: a goods and a service series) need the amounts too.
    prefix_kept = np.zeros(len(i), dtype=bool)
    # One number once its look-alike letters are read as digits: TI/202S-2026/202 is TI/2025-2026/202
    # scanned, not TI/202 with a mark "S 202" after it.
    alike_once_read = alike_read(ims.keys, i, books.keys, j) \
        & (ims.keys["separators"][i] != books.keys["separators"][j])
    read_alike = alike_once_read & ~via_original
    for position in np.flatnonzero(level == 3).tolist():
        left = (ims.original_tokens if via_original[position] else ims.tokens)[i[position]]
        right = books.tokens[j[position]]
        if not read_alike[position] and other_document_booked(left, right):
            level[position] = 5  # PO/2489 booked for PUN/2489: a Mismatch on every amount, or nothing
        elif part_read_as_serial(
                (ims.original_numbers if via_original[position] else ims.numbers)[i[position]],
                books.numbers[j[position]]):
            level[position] = 5  # 9 (2), bill 9's second part, is not bill 2 with a 9 before it
        else:
            # a scan's letter read as its digit leaves the number as written: as telling as a prefix
            # dropped (GST/244I/26-27 booked with a discount netted is GST/2441/26-27 of that day)
            prefix_kept[position] = read_alike[position] or one_ends_the_other(left, right)
    distinctive = (_repeats(ims)[i] == 1) & (_repeats(books)[j] == 1)
    total_a = a.sum(axis=1).astype(float)
    total_b = b.sum(axis=1).astype(float)
    similarity = np.minimum(total_a, total_b) / np.maximum(np.maximum(total_a, total_b), 1.0)
    # A prefix dropped on the same day pairs on the date when the amounts are of the bill's order: a
    # slip in one of them, freight folded in, half of it booked; a lease bill of 48,024 and another
    # series' bill of 6,829 on the 1st (a seventh of it) are two bills. Nor are a bill at 18% and one
    # at 28% (LEASE/30 of 739.78, 030/2024-25 of 713.10): each side's tax is of its own taxable value
    # at another rate GST charges. One taxable value at two rates is the bill booked at a wrong rate.
    alike = agree | tax_exact | (similarity >= 1 / 3)
    on_the_day = alike & ~taxable_ok & ~tax_exact & (level == 3) & prefix_kept & (date_gap == 0)
    alike &= ~_at_two_rates(on_the_day, a, b)
    # Nor is a number written as another of the supplier's series is (LEASE/67 and 067/2024-25)
    asked = np.flatnonzero(on_the_day & alike & ~via_original)
    alike[asked] &= ~another_series(asked, ims, books, i, j)
    eligible = ((level <= 2) & (in_window | agree) & ~far_year) \
        | ((level == 3) & ((prefix_kept & (date_gap == 0) & alike) | (in_window & agree))) \
        | ((level == 4) & in_window & close & distinctive & ((date_gap == 0) | (amount_class == A_EXACT))) \
        | (((level == 4) | (level == 3) & (ims.keys["zeroless"][i] == books.keys["zeroless"][j]))
           & (date_gap == 0) & tax_exact & distinctive & same_gstin & same_type)
    # A taxable value billed twice (at 12% and at 18%) tells nothing, the whole bill may: an ERP's
    # series digit and padding dropped (9000002954 booked 2954 beside 9000002949 of that taxable
    # value at 18%) on the bill's day, every amount to the paisa, those amounts alone within the
    # window on both sides. Not a digit changed or glued on: a neighbouring number of the same
    # amounts and day (164 and 1164, 195 and 1195) is another bill the supplier has not reported.
    # Where the whole bill repeats (an agency billing each of our sites one fee on one day), the
    # serial tells the bills apart once it ties each booked number to one reported number only.
    whole_bill = (level == 4) & ~distinctive & (date_gap == 0) & (amount_class == A_EXACT) & same_gstin \
        & same_type & ~via_original
    asked = np.flatnonzero(whole_bill)
    if asked.size:
        dropped = np.array(
            [tail_related(ims.serials[i[p]], books.serials[j[p]])
             and series_digit_dropped(ims.numbers[i[p]], books.numbers[j[p]]) for p in asked.tolist()],
            dtype=bool)
        whole_bill[asked] = dropped & (_alone_on_both_sides(ims, books, i, j, asked, window)
                                       | _one_to_one(i[asked], j[asked], dropped))
        eligible |= whole_bill
    # The last: a slip in the number and one in the taxable value at once (024/2024-25 booked
    # 024/224-25, TI-2024-2025-24 booked TI-224-2025-24, 204.13 typed 704.13), told by the day and
    # the tax to the paisa; never closer than a Mismatch, as the taxable value differs. Of the nearer
    # numbers, only those alike but for zeros: another prefix (INV/1388, SUP/DN1388) is another series.
    # Another GSTIN of the PAN likewise: a chain whose branches each number from 1 and charge one
    # standard fee has the same number and amount at two GSTINs every month.
    # A GSTIN of the PAN that fails its check character is no branch, only the supplier's mistyped.
    invalid = books.gstin_invalid[j] if books.gstin_invalid is not None else np.zeros(len(i), dtype=bool)
    # The same day and every amount to the paisa fingerprint a bill booked under another GSTIN of
    # the PAN even with a slip of digits in its number (024/2024-25 booked 024/224-25), or when its
    # taxable value repeats elsewhere (20,479.00 at 28% and at 18%; the same rent in January) while
    # its amounts as a whole are alone within the window. Only where the GSTIN booked reports
    # nothing in IMS: a branch that bills us itself (a chain's, each branch numbering from 1 and
    # charging one fee) has its own INV/332 booked before it reports it.
    fingerprint = ~same_gstin & eligible & (level <= 4) & (date_gap == 0) & (amount_class == A_EXACT) \
        & ((level == 4) | ~distinctive)
    if fingerprint.any():
        fingerprint &= ~np.isin(books.gstin[j], ims.gstin)
        asked = np.flatnonzero(fingerprint & (level == 3))
        # the number as written (INV/24-25/0318 at both GSTINs), or written differently around the
        # same words and serial (No.TI-2024-2025-409), tells two bills of one amount apart
        fingerprint &= ((level == 4) & distinctive) | (level <= 2)
        fingerprint[asked] = _alone_on_both_sides(ims, books, i, j, asked, window)
    eligible &= same_gstin | ((level <= 3) & in_window & agree & distinctive) \
        | (invalid & (level <= 2) & in_window & agree) | fingerprint
    eligible &= same_type | (((level <= 2) | prefix_kept) & in_window & close)
    # A debit note booked as an invoice with its amounts other as well (freight added, a short
    # receipt): the number as written names the note (DN-278), so the type is the clerk's. Not a
    # number without such a word: a supplier numbering its notes apart has an invoice 278 beside its
    # note 278. A Mismatch, as the type differs.
    note_typed = (level <= 1) & ~via_original & same_gstin & in_window & alike & ~far_year \
        & (ims.document_type[i] == DEBIT_NOTE) & (books.document_type[j] != CREDIT)
    for position in np.flatnonzero(note_typed & ~eligible).tolist():
        eligible[position] = names_a_debit_note(ims.numbers[i[position]])
    # Debit against credit (a credit note booked as a positive debit note): the same number as written
    # and amounts within rounding, never less.
    eligible &= (ims.block[i] == books.block[j]) | ((level <= 1) & in_window & close & same_gstin)
    # Supplier identity from evidence: a books row whose GSTIN names no supplier IMS knows (blank,
    # failing its check character, mistyped into another PAN) pairs across PANs on the number, the
    # date and the amounts together, and only if the supplier name booked does not say otherwise.
    # With the number written alike and the name booked being the supplier's, the amounts may differ
    # (with a prefix dropped or added, only within rounding).
    if books.suspect is not None:
        same_side = (ims.document_type[i] == CREDIT) == (books.document_type[j] == CREDIT)
        across = (ims.pan[i] != books.pan[j]) & books.suspect[j] & same_side & in_window
        agreeing = across & (((level <= 2) & agree) | ((level == 3) & (amount_class == A_EXACT)))
        # A row booked by the supplier's name alone with a prefix the clerk typed (DEL-2671 for 2671)
        # and the tax rounded to the rupee: on the same day, within rounding, as telling as every
        # amount to the paisa, when no name the books hold for the PAN says otherwise. Without a
        # name booked, a prefix and a rupee are too little.
        rounded = across & ~agreeing & (level == 3) & close & (date_gap == 0)
        if books.names is not None and rounded.any():
            for position in np.flatnonzero(rounded).tolist():
                rounded[position] = bool(books.names[books.order[j[position]]])
            agreeing |= rounded
        # The number as written on the same day and every tax head to the paisa, the taxable value
        # alone other (freight folded into it): no other supplier's bill carries that number, that
        # day and that tax. A vendor without GSTIN numbering alike bills other tax.
        # Not where each side's tax is its own taxable value's at another rate GST charges (5% of
        # Rs 2,41,287 and 28% of Rs 43,087 are one tax by chance): a neighbour's bill at its own rate.
        folded = across & (level <= 1) & (date_gap == 0) & tax_exact
        agreeing |= folded & ~_at_two_rates(folded, a, b)
        proven = _proven_pans(agreeing & (level <= 1) & (date_gap == 0) & (amount_class == A_EXACT),
                              ims, books, i, j)
        # what a registered GSTIN of another PAN loses here it may still pair on the supplier's name
        agreeing = _slips_keep_the_tax(agreeing, agreeing & ~tax_exact, ims, books, i, j, proven)
        named = across & ~agreeing & ((level <= 2) | ((level == 3) & close))
        eligible |= _names_agree(_near_gstins(agreeing, ims, books, i, j, proven), ims, books, i, j)
        eligible |= _names_agree(_near_gstins(named, ims, books, i, j, proven), ims, books, i, j,
                                 required=True)
    # A number that agrees in nothing (a challan or order number booked, an Excel-mangled one): the
    # same GSTIN, document type and place of supply (a vendor's bill to our registration in another
    # state, one number on, the same amounts and day, is that bill), a date within the window, every
    # amount to the paisa, a taxable value no other document of the PAN carries; weighed after every
    # numbered pair, a Mismatch. Not
    # a neighbouring serial of the same series on another day: INV/25-26/3102 of the 6th and
    # INV/25-26/3104 of the 10th, the same amounts, are a repeat supply's two bills.
    unkeyed = (level == 5) & same_gstin & same_type & same_pos & in_window & (amount_class == A_EXACT) \
        & distinctive
    asked = np.flatnonzero(unkeyed & (date_gap > 0))
    unkeyed[asked] &= ~series_neighbours(asked, ims, books, i, j, via_original)
    eligible |= unkeyed
    # A letter or a revision mark after the bill's number (3205A, 181/R: ``relations.mark_added``) is
    # another number, paired as those numbers are, and on amounts within rounding too (a register in
    # whole rupees, tax recomputed on the total): a Mismatch for the accountant to look at.
    marked = (level == 5) & same_gstin & same_type & in_window & close & distinctive & ~via_original \
        & ~unkeyed
    for position in np.flatnonzero(marked).tolist():
        marked[position] = mark_added(ims.numbers[i[position]], books.numbers[j[position]])
    eligible |= marked
    # Of those, numbers that agree once a year-like run that is no year of the date is read as the
    # serial's (3/2040 of November 2026 booked 3/2040/26-27, 5/2023 booked 2023: ``far_years``) are
    # the number written differently.
    for position in np.flatnonzero(unkeyed & ~via_original).tolist():
        read = far_years.read_level(ims.numbers[i[position]], day_of(int(ims.date[i[position]])),
                                    books.numbers[j[position]], day_of(int(books.date[j[position]])))
        if read is not None and read <= 3:
            level[position] = read
    # One digit of the serial mistyped, not its last (GJ003256 booked GJ002256), on the bill's day:
    # with the amounts above, the number written differently; weighed last all the same.
    mistyped = unkeyed & (level == 5) & (date_gap == 0) & ~via_original
    for position in np.flatnonzero(mistyped).tolist():
        mistyped[position] = one_digit_mistyped(ims.numbers[i[position]], books.numbers[j[position]])
    # The e-way bill's, the e-invoice acknowledgement's or the delivery challan's number booked for bill
    # 1519 of 20 September, the supplier billing the same amounts on the 24th: on the bill's day, when
    # no other document of the PAN carries those amounts that day, on either side.
    referenced = (level == 5) & same_gstin & same_type & (date_gap == 0) & (amount_class == A_EXACT) \
        & ~distinctive
    for position in np.flatnonzero(referenced).tolist():
        referenced[position] = reference_booked(ims.numbers[i[position]], books.numbers[j[position]])
    if referenced.any():
        asked = np.flatnonzero(referenced)
        referenced[asked] = _alone_on_both_sides(ims, books, i, j, asked, 0)
        eligible |= referenced
    # A number equal once letters are read as digits (CN84I / CN841), or with the prefix dropped or
    # added (279 / KA/24-25/279), is the same number scanned or typed short: beyond the window (booked
    # on the receipt date, the year mistyped) like a number written differently, but only on every
    # amount to the paisa and a taxable value that tells documents apart.
    scanned = (level == 3) & alike_once_read
    eligible |= (scanned | prefix_kept) & same_gstin & same_type & (amount_class == A_EXACT) & distinctive \
        & ~far_year

    # Every tax head to the paisa with the taxable value other (freight or packing folded into it)
    # says as much as the taxable value alike with the tax other: more than a total merely near.
    amount_points = np.select(
        [amount_class == A_EXACT, amount_class == A_TOLERANCE, amount_class == A_HEADS,
         amount_class == A_CESS, (amount_class == A_TAXABLE) | tax_exact],
        [40.0, 38.0 - 4.0 * worst / max(tolerance, 1), 28.0, 26.0, 22.0],
        default=18.0 * np.clip(similarity, 0.0, 1.0),
    )
    span = max(window, 1)
    date_points = np.where(
        date_gap == 0, 20.0,
        np.where(in_window, 16.0 - 8.0 * date_gap / span, np.maximum(0.0, 6.0 - date_gap / 5.0)),
    )
    points = NUMBER_POINTS[level] - 2.0 * via_original + date_points + amount_points \
        + 5.0 * same_gstin + 5.0 * same_type + 2.0 * same_pos + 1.0 * same_rc
    score = points / MAX_POINTS

    # IGST against CGST+SGST is tax under the wrong heads however small the amounts (README: mismatch).
    ims_igst, books_igst = a[:, 1] != 0, b[:, 1] != 0
    ims_local, books_local = (a[:, 2] != 0) | (a[:, 3] != 0), (b[:, 2] != 0) | (b[:, 3] != 0)
    heads_swapped = (ims_igst & ~books_igst & books_local) | (books_igst & ~ims_igst & ims_local)
    clean = same_gstin & same_type & same_pos & same_rc & ~heads_swapped
    status = np.full(len(i), MISMATCH, dtype=np.int8)
    status[clean & in_window & close & ((level <= 4) | mistyped) & ~other_year] = SUGGESTED
    status[clean & (date_gap == 0) & (amount_class == A_EXACT) & (level == 0) & ~via_original] = EXACT
    return PairTable(i, j, level, via_original, date_gap, amount_class, eligible, score, status,
                     np.zeros(len(i), dtype=bool))


__all__ = ["KEY_KINDS", "PairTable", "compare"]

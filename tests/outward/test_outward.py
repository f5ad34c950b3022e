"""Sales-side pairing, added-back liabilities (FAQ 34) and follow-up letters: the pure core."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from india_ims.gst_india.documents import Action, Amounts, DocumentType, Section
from india_ims.gst_india.outward import followup, liability
from india_ims.gst_india.outward.model import OutwardRecord, SalesDocument
from india_ims.gst_india.outward.pairing import NOT_IN_BOOKS, NOT_REPORTED, pair_sales, sales_words
from india_ims.gst_india.periods import ReturnPeriod

TODAY = date(2026, 11, 30)
PERIOD = str(ReturnPeriod.of(TODAY).add(-1))  # the month before today's: 102026
DAY = ReturnPeriod.parse(PERIOD).first_day
CUSTOMER = "29AABCC1234D1Z5"
OTHER = "27AAACO9999F1Z1"


def amounts(taxable_rupees: int) -> Amounts:
    return Amounts(taxable_rupees * 100, igst=taxable_rupees * 18)


def sale(
    number="SINV-0001", action=Action.NO_ACTION, section=Section.B2B, gstin=CUSTOMER, day=None, value=1000
):
    return OutwardRecord(
        section,
        gstin,
        number,
        day or DAY + timedelta(days=4),
        value * 118,
        amounts(value),
        action,
        "GSTR1",
        PERIOD,
    )


def invoice(name="SINV-0001", gstin=CUSTOMER, day=None, value=1000, kind=DocumentType.INVOICE):
    money = amounts(value) if kind is not DocumentType.CREDIT_NOTE else amounts(value).negated()
    return SalesDocument(
        name, gstin, kind, name, day or DAY + timedelta(days=4), money, "Customer A", "Customer A"
    )


def test_a_reported_sale_pairs_with_its_sales_invoice_exactly():
    [result] = pair_sales([sale()], [invoice()])
    assert (result.sale_index, result.book_index, result.status) == (0, 0, "Exact Match")


def test_a_sale_differing_in_amount_pairs_as_mismatch_with_the_difference_in_words():
    [result] = pair_sales([sale(value=1000)], [invoice(value=1100)])
    assert result.status == "Mismatch"
    assert "differs" in result.reason
    assert result.differences


def test_a_sale_without_a_sales_invoice_is_not_in_the_sales_register():
    results = pair_sales([sale("SINV-0009")], [])
    assert [(r.sale_index, r.status) for r in results] == [(0, NOT_IN_BOOKS)]
    assert "no Sales Invoice in the books" in results[0].reason


def test_a_sales_invoice_not_reported_is_not_in_gstr1():
    results = pair_sales([], [invoice("SINV-0042")])
    assert [(r.book_index, r.status) for r in results] == [(0, NOT_REPORTED)]
    assert "not in our GSTR-1 supplier view" in results[0].reason


def test_a_different_customer_gstin_is_never_an_exact_match():
    [paired] = pair_sales([sale(gstin=OTHER)], [invoice(gstin=CUSTOMER)])
    assert paired.status == "Mismatch"
    assert paired.reason.startswith(f"invoiced to {CUSTOMER}")  # said the sales way
    assert [d.field for d in paired.differences] == ["supplier_gstin"]
    apart = pair_sales([sale("X-1", gstin=OTHER)], [invoice("Y-9", gstin=CUSTOMER)])
    assert sorted(r.status for r in apart) == sorted([NOT_IN_BOOKS, NOT_REPORTED])


def test_a_reported_credit_note_pairs_with_the_sales_return():
    note = sale("CN-7", section=Section.B2BCN)
    [result] = pair_sales([note], [invoice("CN-7", kind=DocumentType.CREDIT_NOTE)])
    assert result.status == "Exact Match"


def test_purchase_words_are_said_the_sales_way():
    assert (
        sales_words("not in the purchase register; nearest 'X'")
        == "no Sales Invoice in the books; nearest 'X'"
    )
    assert sales_words("something new") == "something new"


# ---------------------------------------------------------------- FAQ 34


@pytest.mark.parametrize(
    ("section", "action", "expected"),
    [
        (Section.B2BCN, Action.REJECT, True),
        (Section.B2BCNA, Action.REJECT, True),
        (Section.B2BA, Action.REJECT, True),
        (Section.ECOMA, Action.REJECT, True),
        (Section.B2B, Action.REJECT, False),  # a rejected invoice changes nothing for us (spec 6 row 4)
        (Section.B2BDN, Action.REJECT, False),
        (Section.B2BCN, Action.ACCEPT, False),
        (Section.B2BCN, Action.PENDING, False),
    ],
)
def test_rule_faq34_only_rejected_credit_notes_and_amendments_are_added_back(section, action, expected):
    assert liability.adds_back(section, action) is expected


def test_rule_faq34_added_back_lands_in_the_period_after_the_recipients_3b():
    assert liability.landing_period(PERIOD) == str(ReturnPeriod.parse(PERIOD).add(1))
    assert liability.landing_period("122026") == "012027"


def test_expected_added_back_waits_for_the_recipients_3b_unless_filed():
    note = sale("CN-1", Action.REJECT, Section.B2BCN)
    [awaiting] = liability.expected_added_back([note])
    [due] = liability.expected_added_back([note], {CUSTOMER: [PERIOD]})
    assert awaiting.basis == liability.AWAITING and due.basis == liability.DUE
    assert due.landing_period == str(ReturnPeriod.parse(PERIOD).add(1))
    assert due.tax == amounts(1000).total_tax


def test_summary_per_period_counts_a_document_once_and_says_the_table_is_unconfirmed():
    note = sale("CN-1", Action.REJECT, Section.B2BCN, value=500)
    other = sale("CN-2", Action.REJECT, Section.B2BCN, value=300)
    invoice_rejected = sale("SINV-3", Action.REJECT, Section.B2B)
    expected = liability.expected_added_back([note, other, invoice_rejected])
    reported = [
        liability.AddedBackLine(
            CUSTOMER,
            Section.B2BCN,
            "cn-1",
            note.document_date,
            note.amounts,
            PERIOD,
            liability.landing_period(PERIOD),
            liability.REPORTED,
        )
    ]
    [period] = liability.summarise(reported + expected)
    assert period.period == liability.landing_period(PERIOD)
    assert period.documents == 2 and period.awaiting == 1
    assert period.amounts == amounts(800)
    assert period.table == "3.1(a)" and "not published" in period.table_words


def amendment(number, action, section, value, original, period=None):
    return replace(
        sale(number, action, section, value=value),
        original_number=original,
        original_date=DAY,
        return_period=period or PERIOD,
    )


def test_rule_spec18_rejected_credit_note_amendment_adds_back_the_difference_from_the_original():
    """FAQ 34 + spec 1.8: 1,800 added back for the rejected note; amended to 2,700 and rejected again
    adds 900 more, not 2,700 (the recipient-side rules' own arithmetic, effects._add_back)."""
    earlier_period = str(ReturnPeriod.parse(PERIOD).add(-1))
    original = replace(sale("CN-1", Action.REJECT, Section.B2BCN, value=10000), return_period=earlier_period)
    amended = amendment("CN-1A", Action.REJECT, Section.B2BCNA, 15000, "cn-1")
    key = liability.original_key(amended)
    assert key == (CUSTOMER, Section.B2BCN.value, "CN-1")
    [line] = liability.expected_added_back([amended], earlier={key: [liability.as_version(original)]})
    assert line.tax == amounts(15000).total_tax - amounts(10000).total_tax == 90000
    assert "Difference from" in line.remarks and "CN-1" in line.remarks
    # an accepted original added nothing back, but its reduction stands: still only the difference
    accepted = replace(original, recipient_action=Action.ACCEPT)
    [line] = liability.expected_added_back([amended], earlier={key: [liability.as_version(accepted)]})
    assert line.tax == 90000
    # amended down after the rejection: the add-back shrinks by the difference
    down = amendment("CN-1A", Action.REJECT, Section.B2BCNA, 5000, "CN-1")
    [line] = liability.expected_added_back([down], earlier={key: [liability.as_version(original)]})
    assert line.tax == -90000


def test_rule_spec18_rejected_downward_invoice_amendment_adds_back_only_the_reduction():
    original = sale("SINV-9", Action.ACCEPT, Section.B2B, value=1000)
    down = amendment("SINV-9A", Action.REJECT, Section.B2BA, 800, "SINV-9")
    key = liability.original_key(down)
    [line] = liability.expected_added_back([down], earlier={key: [liability.as_version(original)]})
    assert line.tax == amounts(200).total_tax
    up = amendment("SINV-9A", Action.REJECT, Section.B2BA, 1200, "SINV-9")
    assert liability.expected_added_back([up], earlier={key: [liability.as_version(original)]}) == []


def test_rule_spec18_amendment_with_unknown_original_is_added_back_in_full_and_says_so():
    amended = amendment("CN-1A", Action.REJECT, Section.B2BCNA, 15000, "CN-1")
    [line] = liability.expected_added_back([amended])
    assert line.tax == amounts(15000).total_tax
    assert "not among the downloaded records" in line.remarks


def test_amendment_pairs_with_a_sales_invoice_booked_under_the_original_number():
    """Gap 5: the supplier view's original number (oinum / ont_num) reaches the engine, which pairs an
    amendment through it; without it the amendment is not in the books."""
    amended = amendment("SINV-0001A", Action.NO_ACTION, Section.B2BA, 1000, "SINV-0001")
    [result] = [r for r in pair_sales([amended], [invoice("SINV-0001")]) if r.sale_index == 0]
    assert result.book_index == 0
    bare = replace(amended, original_number=None, original_date=None)
    paired = [r for r in pair_sales([bare], [invoice("SINV-0001")]) if r.sale_index == 0]
    assert paired[0].book_index is None or paired[0].status != "Exact Match"


# ---------------------------------------------------------------- follow-up letters


def item(status, gstin=CUSTOMER, number="SINV-1", party="Customer A", reason=""):
    return followup.FollowUpItem(party, gstin, f"row-{number}", number, DAY, 118000, status, reason)


def test_one_letter_per_party_with_only_the_documents_worth_chasing():
    items = [
        item("Rejected", number="B"),
        item("Pending", number="A"),
        item("Accepted", number="C"),
        item("Rejected", gstin=OTHER, party="Other", number="D"),
    ]
    letters = followup.letters(items, followup.CUSTOMERS, {CUSTOMER: "a@example.com"})
    assert [(x.party, x.email, x.records) for x in letters] == [
        ("Customer A", "a@example.com", ["row-A", "row-B"]),
        ("Other", "", ["row-D"]),  # no e-mail address: listed, not dropped
    ]
    assert "was rejected by you in IMS" in letters[0].lines[1]["text"]


def test_recipient_side_letters_say_the_difference_in_words():
    items = [item("Mismatch", reason="taxable value differs by ₹10.00"), item("Missing in IMS", number="X")]
    [letter] = followup.letters(items, followup.SUPPLIERS)
    texts = [line["text"] for line in letter.lines]
    assert any("differs from what you reported (taxable value differs by ₹10.00)" in t for t in texts)
    assert any("not in IMS: please report it" in t for t in texts)


def test_rule_resend_after_days_refuses_a_second_letter_about_the_same_documents_within_a_week():
    from datetime import datetime

    [letter] = followup.letters(
        [item("Rejected", number="A"), item("Pending", number="B")], followup.CUSTOMERS
    )
    sent_on = TODAY - timedelta(days=followup.RESEND_AFTER_DAYS - 1)
    sent = {"row-A": datetime.combine(sent_on, datetime.min.time()), "row-B": datetime(2026, 11, 2, 9, 0)}
    assert followup.last_sent(letter, sent) == sent["row-A"]
    assert not followup.is_repeat(letter, sent, TODAY)  # B was last chased four weeks ago
    sent["row-B"] = sent["row-A"]
    assert followup.is_repeat(letter, sent, TODAY)
    assert not followup.is_repeat(letter, sent, TODAY + timedelta(days=1))  # seven days on: allowed
    assert not followup.is_repeat(letter, {}, TODAY) and followup.last_sent(letter, {}) is None


def test_an_unknown_side_is_an_error():
    with pytest.raises(ValueError, match="side"):
        followup.letters([], "vendors")


def test_sales_pairing_gives_the_engines_own_pairs_on_a_generated_month():
    """The thin mapping loses nothing the supplier view carries: on the same information (no original
    numbers of amendments, no reverse charge, the posting date as the books' date) the sales-side
    pairing is the engine's own answer, status for status."""
    from india_ims.gst_india.matching import reconcile
    from india_ims.synthetic import generate_month

    month = generate_month(23, 400, "messy", period=PERIOD)
    ims = [
        replace(r, original_number=None, original_date=None, reverse_charge=False, invoice_type=None)
        for r in month.ims_records
    ]
    purchases = [
        replace(
            d,
            bill_date=d.bill_date or d.posting_date,
            posting_date=d.bill_date or d.posting_date,
            reverse_charge=False,
            company_gstin="",
            grand_total=0,
        )
        for d in month.purchases
    ]
    sales = [
        OutwardRecord(
            r.section,
            r.supplier_gstin,
            r.document_number,
            r.document_date,
            r.document_value,
            r.amounts,
            Action.NO_ACTION,
            "GSTR1",
            r.supplier_return_period,
            place_of_supply=r.place_of_supply,
        )
        for r in ims
    ]
    books = [
        SalesDocument(
            d.name,
            d.supplier_gstin,
            d.document_type,
            d.bill_no,
            d.bill_date,
            d.amounts,
            d.supplier_name,
            place_of_supply=d.place_of_supply,
        )
        for d in purchases
    ]
    words = {"Missing in PI": NOT_IN_BOOKS, "Missing in IMS": NOT_REPORTED}
    ours = {(r.sale_index, r.book_index, r.status) for r in pair_sales(sales, books)}
    engine = {
        (r.ims_index, r.purchase_index, words.get(r.status.value, r.status.value))
        for r in reconcile(ims, purchases)
    }
    assert ours == engine
    assert {status for _, _, status in ours} >= {"Exact Match", "Mismatch", NOT_IN_BOOKS, NOT_REPORTED}


def test_rule_faq34_gstns_added_back_figure_counts_and_a_different_one_of_ours_is_explained():
    from india_ims.gst_india.outward.liability import AUTHORITATIVE, REPORTED, reported_differs

    assert AUTHORITATIVE == REPORTED
    same = Amounts(200000, 36000)
    assert reported_differs(same, Amounts(200000, 36000)) is None
    # the taxable value is not added back: only the tax heads are compared
    assert reported_differs(same, Amounts(0, 36000)) is None
    text = reported_differs(Amounts(300000, 54000), Amounts(0, 18000), "Difference from b2bcn CN-1")
    assert text == (
        "GSTN adds back ₹540.00 (IGST ₹540.00), ₹360.00 more than the ₹180.00 (IGST ₹180.00) we worked "
        "out from the supplier view; differs in IGST by ₹360.00. GSTN's figure is what your GSTR-3B "
        "carries (FAQ 34); ours: Difference from b2bcn CN-1."
    )
    split = reported_differs(Amounts(0, 0, 4500, 4500), Amounts(0, 9000))
    assert "differs in IGST by ₹90.00, CGST by ₹45.00, SGST by ₹45.00" in split
    assert "(CGST ₹45.00, SGST ₹45.00), the same total, split between other heads, as the ₹90.00" in split
    lower = reported_differs(Amounts(0, 9000), Amounts(0, 18000))
    assert "₹90.00 less than the ₹180.00" in lower

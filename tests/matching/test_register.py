import pytest

from india_ims.data import SAMPLE_MONTH
from india_ims.gst_india.documents import DocumentType
from india_ims.gst_india.matching import RegisterError, read_purchase_register

HEADER = ("name,company_gstin,supplier_gstin,supplier_name,doc_type,bill_no,bill_date,posting_date,"
          "place_of_supply,is_reverse_charge,taxable_value,igst,cgst,sgst,cess,grand_total")
GOOD = ("ACC-1,27ORYHO8932Z1ZX,24DABHZ7283O1Z9,Supplier,Invoice,A0668,2025-10-14,2025-10-14,27,0,"
        "4133.45,744.02,0.0,0.0,0.0,4877.47")


def write(tmp_path, *lines, header=HEADER):
    path = tmp_path / "purchases.csv"
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def test_reads_the_sample_register_with_returns_negative():
    documents = read_purchase_register(SAMPLE_MONTH / "purchases.csv")
    assert len(documents) == 593
    returns = [d for d in documents if d.document_type == DocumentType.CREDIT_NOTE]
    assert returns and all(d.amounts.taxable_value < 0 for d in returns)


def test_reads_a_good_row(tmp_path):
    (document,) = read_purchase_register(write(tmp_path, GOOD))
    assert document.amounts.taxable_value == 413345
    assert document.bill_date.isoformat() == "2025-10-14"


def test_missing_column_names_file_and_field(tmp_path):
    path = write(tmp_path, GOOD, header=HEADER.replace(",cgst", ""))
    with pytest.raises(RegisterError, match=r"purchases.csv, field 'cgst': missing column cgst"):
        read_purchase_register(path)


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("bill_date", "2025-13-45", "is not a date"),
        ("taxable_value", "12.3.4", "is not an amount"),
        ("supplier_gstin", "24DABHZ7283O1Z8", "check character"),
        ("doc_type", "Voucher", "is not a document type"),
        ("is_reverse_charge", "maybe", "0/1 or Yes/No"),
        ("place_of_supply", "Maharashtra", "is not a state code"),
    ],
)
def test_bad_value_names_file_row_and_field(tmp_path, field, bad, message):
    columns = HEADER.split(",")
    values = GOOD.split(",")
    values[columns.index(field)] = bad
    path = write(tmp_path, GOOD, ",".join(values))
    where = rf"purchases.csv, row 2 \(line 3\), field '{field}': .*{message}"
    with pytest.raises(RegisterError, match=where):
        read_purchase_register(path)


def test_a_row_without_bill_number_or_gstin_is_kept(tmp_path):
    values = GOOD.split(",")
    values[2] = values[5] = ""
    (document,) = read_purchase_register(write(tmp_path, ",".join(values)))
    assert document.bill_no == "" and document.supplier_gstin == ""


@pytest.mark.parametrize(("text", "paise"), [("4133.45", 413345), ("-23123.36", -2312336), ("12.5", 1250),
                                            ("-0.05", -5), ("0", 0), ("1,234.50", 123450), ("", 0)])
def test_amounts_read_as_paise(tmp_path, text, paise):
    values = GOOD.split(",")
    values[HEADER.split(",").index("igst")] = f'"{text}"'
    (document,) = read_purchase_register(write(tmp_path, ",".join(values)))
    assert document.amounts.igst == paise


@pytest.mark.parametrize(
    ("field", "bad", "read_as"),
    [
        ("bill_date", "2025-13-45", None),
        ("taxable_value", "12.3.4", 0),
        ("supplier_gstin", "24DABHZ7283O1Z8", "24DABHZ7283O1Z8"),
        ("doc_type", "Voucher", DocumentType.INVOICE),
        ("is_reverse_charge", "maybe", False),
        ("place_of_supply", "Maharashtra", ""),
    ],
)
def test_with_a_warnings_list_a_bad_value_is_reported_on_its_row_and_the_row_kept(tmp_path, field, bad,
                                                                                    read_as):
    columns = HEADER.split(",")
    values = GOOD.split(",")
    values[columns.index(field)] = bad
    warnings = []
    path = write(tmp_path, GOOD, ",".join(values), GOOD.replace("ACC-1", "ACC-3"))
    documents = read_purchase_register(path, warnings)
    assert [d.name for d in documents] == ["ACC-1", "ACC-1", "ACC-3"]
    (warning,) = warnings
    assert (warning.row, warning.document, warning.field, warning.value) == (2, "ACC-1", field, bad)
    attribute = {"taxable_value": "amounts", "doc_type": "document_type",
                 "is_reverse_charge": "reverse_charge"}
    kept = getattr(documents[1], attribute.get(field, field))
    assert (kept.taxable_value if field == "taxable_value" else kept) == read_as
    assert warning.text("purchases.csv").startswith(f"purchases.csv, row 2 (line 3), field '{field}': ")


def test_a_row_without_a_name_is_named_by_its_row_when_warnings_are_kept(tmp_path):
    warnings = []
    (document,) = read_purchase_register(write(tmp_path, "," + GOOD.split(",", 1)[1]), warnings)
    assert document.name == "row 1" and warnings[0].field == "name"


@pytest.mark.parametrize(("text", "paise"), [("₹ 1,234.50", 123450), ("Rs. 99", 9900),
                                            ("(1,234.50)", -123450), ("INR 10.5", 1050), ("(₹ 5.00)", -500)])
def test_amounts_with_a_currency_sign_or_accounting_brackets(tmp_path, text, paise):
    values = GOOD.split(",")
    values[HEADER.split(",").index("igst")] = f'"{text}"'
    (document,) = read_purchase_register(write(tmp_path, ",".join(values)))
    assert document.amounts.igst == paise


@pytest.mark.parametrize(("text", "day"), [("14-Oct-2025", "2025-10-14"), ("14/10/25", "2025-10-14"),
                                          ("2025/10/14", "2025-10-14")])
def test_dates_as_registers_export_them(tmp_path, text, day):
    values = GOOD.split(",")
    values[HEADER.split(",").index("bill_date")] = text
    (document,) = read_purchase_register(write(tmp_path, ",".join(values)))
    assert document.bill_date.isoformat() == day


@pytest.mark.parametrize("typed", ["24 DABHZ7283O1Z9", "24.DABHZ.7283O1Z9", "24-dabhz7283o1z9"])
def test_a_gstin_typed_with_spaces_or_dots_is_read_clean_without_a_problem(tmp_path, typed):
    values = GOOD.split(",")
    values[2] = typed
    warnings = []
    (document,) = read_purchase_register(write(tmp_path, ",".join(values)), warnings)
    assert (document.supplier_gstin, warnings) == ("24DABHZ7283O1Z9", [])
    assert read_purchase_register(write(tmp_path, ",".join(values)))[0].supplier_gstin == "24DABHZ7283O1Z9"


def test_a_gstin_failing_its_check_character_is_reported_as_typed_on_every_row(tmp_path):
    values = GOOD.split(",")
    values[2] = "24 DABHZ7283O1Z8"
    warnings = []
    read_purchase_register(write(tmp_path, ",".join(values), ",".join(values)), warnings)
    assert [(w.row, w.field, w.value) for w in warnings] == [
        (1, "supplier_gstin", "24 DABHZ7283O1Z8"), (2, "supplier_gstin", "24 DABHZ7283O1Z8")]


def test_short_long_and_blank_rows_read_as_a_spreadsheet_shows_them(tmp_path):
    short = ",".join(GOOD.split(",")[:10]) + ",100.00,0,9.00,9.00"  # no cess, no grand total
    long = GOOD + ",a note,another"
    documents = read_purchase_register(write(tmp_path, short, "", long))
    assert [d.amounts.cess for d in documents] == [0, 0]
    assert documents[0].grand_total == 11800 and documents[1].grand_total == 487747

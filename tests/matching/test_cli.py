import csv
import json

from openpyxl import load_workbook

from india_ims.cli.main import main
from india_ims.data import SAMPLE_MONTH
from india_ims.synthetic import generate_month


def run_reconcile(tmp_path, ims=SAMPLE_MONTH / "ims.json", purchases=SAMPLE_MONTH / "purchases.csv", *extra):
    out = tmp_path / "RESULT.csv"
    code = main(["reconcile", "--ims", str(ims), "--purchases", str(purchases), "--out", str(out), *extra])
    return code, out


def test_reconcile_writes_one_row_per_record_and_per_unpaired_purchase(tmp_path, capsys):
    code, out = run_reconcile(tmp_path, SAMPLE_MONTH / "ims.json", SAMPLE_MONTH / "purchases.csv",
                              "--xlsx", str(tmp_path / "REPORT.xlsx"))
    assert code == 0
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    required = {"section", "supplier_gstin", "document_number", "document_date", "purchase_invoice",
                "match_status", "reason"}
    assert required <= set(rows[0])
    payload = json.loads((SAMPLE_MONTH / "ims.json").read_text(encoding="utf-8"))
    ims_rows = [r for r in rows if r["section"]]
    assert len(ims_rows) == sum(len(v) for v in payload.values())
    # numbers exactly as IMS.json wrote them
    first = payload["b2b"][0]
    assert any(r["document_number"] == first["inum"] and r["supplier_gstin"] == first["stin"]
               for r in ims_rows)
    assert sum(1 for r in rows if r["match_status"] == "Missing in IMS") == 33
    assert "Exact Match" in capsys.readouterr().out


def test_report_has_summary_and_highlighted_differences(tmp_path):
    report = tmp_path / "REPORT.xlsx"
    run_reconcile(tmp_path, SAMPLE_MONTH / "ims.json", SAMPLE_MONTH / "purchases.csv", "--xlsx", str(report))
    workbook = load_workbook(report)
    assert workbook.sheetnames == ["Summary", "Documents"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True) if row}
    assert summary["Exact Match"] == 439 and summary["Missing in IMS"] == 33
    documents = workbook["Documents"]
    highlighted = [cell for row in documents.iter_rows(min_row=2) for cell in row
                   if cell.fill and cell.fill.fgColor and cell.fill.fgColor.rgb == "00FFE699"]
    assert highlighted


def test_score_command_prints_the_figures(tmp_path, capsys):
    _, out = run_reconcile(tmp_path)
    assert main(["score", "--result", str(out), "--truth", str(SAMPLE_MONTH / "truth.csv"), "--strict"]) == 0
    text = capsys.readouterr().out
    assert "pair precision     100.00%" in text and "confusion" in text


def test_gstin_failing_its_check_in_ims_is_a_warning_naming_file_record_and_field(tmp_path, capsys):
    month = generate_month(1, 20, "sample")
    payload = month.ims_payload
    section = next(iter(payload))
    payload[section][1]["stin"] = payload[section][1]["stin"][:14] + "0"
    path = tmp_path / "ims.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    month_books = tmp_path / "purchases.csv"
    from india_ims.synthetic import write_purchases_csv

    write_purchases_csv(month.purchases, month_books)
    code, out = run_reconcile(tmp_path, path, month_books)
    error = capsys.readouterr().err
    assert code == 0  # GSTN's own data has such GSTINs: the record is kept (issue 12)
    assert f"ims.json, warning: section {section}, record 2" in error and "field 'stin'" in error
    assert "check character" in error and "(record kept)" in error


def test_unreadable_ims_file_names_the_file(tmp_path, capsys):
    path = tmp_path / "ims.json"
    path.write_text("{not json", encoding="utf-8")
    code, _ = run_reconcile(tmp_path, path)
    assert code == 1
    assert "ims.json: not valid JSON (line 1" in capsys.readouterr().err


def test_ims_record_missing_a_field_names_file_section_record_and_field(tmp_path, capsys):
    payload = json.loads((SAMPLE_MONTH / "ims.json").read_text(encoding="utf-8"))
    del payload["b2b"][2]["idt"]
    path = tmp_path / "ims.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    code, _ = run_reconcile(tmp_path, path)
    error = capsys.readouterr().err
    assert code == 1
    assert "ims.json, section b2b, record 3" in error and "field 'idt'" in error


def test_missing_register_column_fails_with_the_file_and_field(tmp_path, capsys):
    text = (SAMPLE_MONTH / "purchases.csv").read_text(encoding="utf-8")
    text = text.replace(",bill_date,", ",billdate,", 1)
    path = tmp_path / "purchases.csv"
    path.write_text(text, encoding="utf-8")
    code, _ = run_reconcile(tmp_path, SAMPLE_MONTH / "ims.json", path)
    assert code == 1
    assert "purchases.csv, field 'bill_date': missing column bill_date" in capsys.readouterr().err


def test_bad_register_rows_are_reported_on_their_rows_and_the_rest_reconciled(tmp_path, capsys):
    with open(SAMPLE_MONTH / "purchases.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(SAMPLE_MONTH / "truth.csv", encoding="utf-8") as handle:
        truth = {r["purchase_invoice"]: r for r in csv.DictReader(handle)}
    exact = [r for r in rows if truth.get(r["name"], {}).get("category") == "exact"]
    typo, bad_date, bad_amount = exact[0], exact[1], exact[2]
    reported_gstin = typo["supplier_gstin"]
    typo["supplier_gstin"] = reported_gstin[:14] + ("0" if reported_gstin[14] != "0" else "1")
    bad_date["bill_date"] = "31-09-2025"
    bad_amount["taxable_value"] = "=1+2"
    path = tmp_path / "purchases.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, out = run_reconcile(tmp_path, SAMPLE_MONTH / "ims.json", path)
    assert code == 0
    printed = capsys.readouterr()
    assert "3 register rows with a value that could not be read (3 warnings)" in printed.out
    with open(tmp_path / "RESULT.warnings.csv", encoding="utf-8") as handle:
        warnings = {w["purchase_invoice"]: w for w in csv.DictReader(handle)}
    assert warnings[typo["name"]]["field"] == "supplier_gstin"
    assert warnings[bad_date["name"]]["field"] == "bill_date"
    assert warnings[bad_amount["name"]]["value"] == "'=1+2"  # text, never a formula
    with open(out, encoding="utf-8") as handle:
        result = {r["purchase_invoice"]: r for r in csv.DictReader(handle)}
    assert set(result) - {""} == {r["name"] for r in rows}  # every row reconciled, the bad ones included
    assert result[typo["name"]]["match_status"] == "Mismatch"
    assert f"GSTN has {reported_gstin}: check character wrong" in result[typo["name"]]["reason"]
    # a clean run removes the warnings of an earlier one
    run_reconcile(tmp_path)
    assert not (tmp_path / "RESULT.warnings.csv").exists()

"""``india-ims demo`` end to end on a small month."""

from collections import Counter

from openpyxl import load_workbook

from india_ims.cli.demo import DEFAULT_ACTIONS, print_summary, run_demo
from india_ims.cli.main import main
from india_ims.gst_india.documents import Action, MatchStatus


def test_demo_applies_the_safe_defaults_and_matches_gstn():
    result = run_demo(seed=3, records=150, encrypt=False, log=lambda _: None)
    assert result.state_matches and result.upload.complete
    held = Counter(result.ledger.held.values())
    assert held[Action.REJECT] == 0  # never rejects on its own
    by_status = Counter(r.status for r in result.results if r.ims_index is not None)
    assert held[Action.ACCEPT] == by_status[MatchStatus.EXACT]
    planned = Counter(item.action for item in result.planned)
    assert planned[Action.PENDING] + sum(result.refused.values()) == by_status[MatchStatus.MISSING_IN_PI]
    assert set(DEFAULT_ACTIONS) == {MatchStatus.EXACT, MatchStatus.MISSING_IN_PI}
    lines = []
    print_summary(result, out=lines.append)
    text = "\n".join(lines)
    assert "ITC available" in text and "matches the sandbox: yes" in text


def test_demo_command_exits_zero_and_writes_the_report(tmp_path, capsys):
    path = tmp_path / "demo.xlsx"
    assert main(["demo", "--records", "120", "--seed", "5", "--xlsx", str(path)]) == 0
    out = capsys.readouterr().out
    assert "GSTR-2B 102025" in out and "Exact Match" in out
    book = load_workbook(path)
    assert {"Summary", "Documents", "GSTN", "IMS actions"} <= set(book.sheetnames)
    assert book["IMS actions"].max_row > 100
    assert book["GSTN"]["A1"].value == "GSTIN"

"""``india-ims demo`` end to end on a small month."""

from collections import Counter
from datetime import date

import pytest
from openpyxl import load_workbook

from india_ims.cli.demo import DEFAULT_ACTIONS, print_summary, run_demo
from india_ims.cli.main import main
from india_ims.gst_india.documents import Action, MatchStatus
from india_ims.gst_india.periods import current_return_period
from tests.conftest import TODAY


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
    assert f"GSTR-2B {current_return_period(TODAY)}" in out and "Exact Match" in out
    book = load_workbook(path)
    assert {"Summary", "Documents", "GSTN", "IMS actions"} <= set(book.sheetnames)
    assert book["IMS actions"].max_row > 100
    assert book["GSTN"]["A1"].value == "GSTIN"


@pytest.mark.parametrize("day", ["2026-11-30", "2026-12-01", "2026-12-14", "2026-12-20"])
def test_demo_runs_on_any_day_in_the_current_return_period(day, tmp_path, capsys):
    path = tmp_path / "demo.xlsx"
    argv = ["demo", "--records", "60", "--seed", "2", "--today", day, "--plain", "--xlsx", str(path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    period = current_return_period(date.fromisoformat(day))
    assert f"return period {period}" in out and f"GSTR-2B {period}" in out
    assert "not sent (SECTION_16_4_EXPIRED)" not in out


def test_demo_refuses_a_period_whose_gstr2b_is_not_out_yet(capsys):
    assert main(["demo", "--records", "20", "--today", "2026-12-13", "--period", "112026"]) == 1
    assert "comes out on 14-12-2026" in capsys.readouterr().err


def test_demo_period_and_today_options_choose_the_month(tmp_path, capsys):
    path = tmp_path / "demo.xlsx"
    assert main(["demo", "--records", "40", "--period", "092026", "--today", "2026-10-20", "--plain",
                 "--xlsx", str(path)]) == 0
    assert "GSTR-2B 092026" in capsys.readouterr().out


def test_sandbox_lives_in_today_and_takes_period_and_today_options():
    from india_ims.cli.main import build_parser
    from india_ims.cli.sandbox import build_server

    args = build_parser().parse_args(["sandbox", "--port", "0", "--records", "30", "--quiet"])
    server = build_server(args)
    assert server.portal.config.today == TODAY
    assert server.portal.config.period == str(current_return_period(TODAY))
    args = build_parser().parse_args(["sandbox", "--port", "0", "--records", "30", "--quiet",
                                      "--period", "112026", "--today", "2026-12-14"])
    server = build_server(args)
    assert (server.portal.config.period, server.portal.config.today) == ("112026", date(2026, 12, 14))
    assert str(current_return_period(TODAY).add(-1)) not in server.portal.filed_3b
    assert "102026" in server.portal.filed_3b  # the originals' period, GSTR-3B filed

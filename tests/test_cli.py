"""The `hedgebook` command, called as a user would."""

import pytest

from hedgebook.cli import main


def test_demo_prints_the_worked_example_and_writes_the_project(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    btc = next(line for line in out.splitlines() if "BTC" in line and "sell" in line)
    eth = next(line for line in out.splitlines() if "ETH" in line and "buy" in line)
    assert "-0.25" in btc and "-15,000.00" in btc and "65.00%" in btc
    assert " 5 " in eth and "15,000.00" in eth
    for figure in ("-135.00", "79,681.27", "2,008.03", "2,530.00", "SAMPLE DATA"):
        assert figure in out
    assert (tmp_path / "hedgebook_demo.xlsm").stat().st_size > 10_000
    assert "from hedgebook.excel.macros import main" in (tmp_path / "hedgebook_demo.py").read_text()
    assert main(["demo", "--out", str(tmp_path)]) == 0  # the demo may overwrite its own files


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["demo", "new", "refresh", "plan", "market"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert f"usage: hedgebook {command}" in text and len(text) > 300

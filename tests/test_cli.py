"""The `hedgebook` command, called as a user would."""

import pytest

from hedgebook.cli import main


def test_plan_prints_the_worked_example(capsys):
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    for expected in ("-0.25", "-15,000.00", "15,000.00", "65.00%", "50.00%", "-135.00", "2,530.00"):
        assert expected in out
    btc_row = next(line for line in out.splitlines() if "BTC" in line and "sell" in line)
    eth_row = next(line for line in out.splitlines() if "ETH" in line and "buy" in line)
    assert "-0.25" in btc_row and "-15,000.00" in btc_row
    assert " 5 " in eth_row and "15,000.00" in eth_row


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "plan" in capsys.readouterr().out


def test_help_is_complete(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "--help"])
    assert exit_.value.code == 0
    assert "without selling coins" in capsys.readouterr().out

"""The classic add-in's notes walk a Windows user new to Python through, in order (issue 25 §3)."""

from pathlib import Path

from hedgebook.market.venue_names import VENUE_NAMES

NOTES = (Path(__file__).resolve().parents[1] / "addin" / "README.md").read_text(encoding="utf-8")
STEPS = ("Install Python", "python.org", "Microsoft Store", "Download ZIP", "git clone", "venv", "pip install .",
         "xlwings addin install", "Trust access to the VBA project object model", "Unblock", "Enable Content",
         "**Which Python the add-in uses**", "Interpreter", "only on the first install", "**Import Functions**")


def test_the_steps_come_in_order():
    places = [NOTES.find(step) for step in STEPS]
    assert -1 not in places, [step for step, place in zip(STEPS, places) if place < 0]
    assert places == sorted(places)


def test_why_import_functions_comes_before_typing_is_said_and_every_hedge_venue_is_named():
    assert "Why first" in NOTES and "needs add-in" in NOTES
    hedge_venues = [v for v in VENUE_NAMES if v not in ("binance_spot", "coingecko")]
    assert all(f"`{venue}`" in NOTES for venue in hedge_venues)

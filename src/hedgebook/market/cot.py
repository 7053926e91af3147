"""CFTC Commitments of Traders, Traders in Financial Futures, futures only, for CME crypto.

One request to the CFTC's public Socrata dataset ``gpe5-46if`` returns the
last N weekly reports for CME Bitcoin, Micro Bitcoin, Ether and Micro Ether.
Positions are in contracts (5 BTC, 0.1 BTC, 50 ETH, 0.1 ETH each); net =
long − short, positive = net long.  The base URL can be overridden with
``HEDGEBOOK_URL_CFTC``.
"""

from __future__ import annotations

import math
from typing import Iterable

import pandas as pd

from .config import MarketConfig
from .envelope import Envelope
from .errors import VenueBadAnswer
from .parsing import to_float
from .request import Request, answer
from .text import clean_text
from .transport import open_client

DATASET_PATH = "/resource/gpe5-46if.json"
DEFAULT_URL = "https://publicreporting.cftc.gov"
VENUE_KEY = "cftc"
ENVELOPE = Envelope(body=list, messages=("message",))
"""Socrata answers a list of records, or an object with a ``message`` on error."""
COT_MARKETS = {
    "133741": "CME Bitcoin",
    "133742": "CME Micro Bitcoin",
    "146021": "CME Ether",
    "146022": "CME Micro Ether",
}
"""CFTC contract market code → market."""

TRADER_GROUPS = {
    "dealer": ("dealer_positions_long_all", "dealer_positions_short_all"),
    "asset_manager": ("asset_mgr_positions_long", "asset_mgr_positions_short"),
    "leveraged_funds": ("lev_money_positions_long", "lev_money_positions_short"),
    "other_reportables": ("other_rept_positions_long", "other_rept_positions_short"),
    "non_reportables": ("nonrept_positions_long_all", "nonrept_positions_short_all"),
}
"""Trader group → (long, short) columns of the dataset (CFTC's names: some end in ``_all``, some not)."""

COT_COLUMNS = (
    "report_date",
    "market_code",
    "market",
    "open_interest",
    *(f"{group}_{side}" for group in TRADER_GROUPS for side in ("long", "short", "net")),
)


def fetch_cot(weeks: int = 12, markets: Iterable[str] | None = None, *, timeout: float | None = None,
              config: MarketConfig | None = None) -> pd.DataFrame:
    """The last ``weeks`` weekly reports for the CME crypto futures.

    Parameters
    ----------
    weeks : int
        Number of weekly reports, >= 1.
    markets : iterable of str, optional
        CFTC contract market codes (default: all of :data:`COT_MARKETS`).
    timeout : float, optional
        Seconds to wait for the answer (default: the configuration's).
    config : MarketConfig, optional
        Address and retries (default: read from the environment).

    Returns
    -------
    DataFrame
        :data:`COT_COLUMNS`, newest report first; positions in contracts.

    Raises
    ------
    ValueError
        For ``weeks`` < 1 or an unknown market code.
    VenueError
        When the CFTC cannot be read.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be >= 1, got {weeks!r}")
    codes = list(COT_MARKETS if markets is None else markets)
    unknown = [code for code in codes if code not in COT_MARKETS]
    if unknown:
        raise ValueError(f"unknown CFTC market code {unknown[0]!r}; known: {', '.join(COT_MARKETS)}")
    quoted = ",".join(f"'{code}'" for code in codes)
    params = {
        "$where": f"cftc_contract_market_code in({quoted})",
        "$order": "report_date_as_yyyy_mm_dd DESC",
        "$limit": weeks * len(codes),
    }
    config = (config or MarketConfig.from_environment()).with_timeout(timeout)
    with open_client(VENUE_KEY, DEFAULT_URL, config) as client:
        payload = answer(client.get, Request(DATASET_PATH, params, envelope=ENVELOPE, source="the CFTC"))
    return _to_frame(payload, weeks)


def _count(value) -> float:
    """A number of contracts: finite, else NaN."""
    number = to_float(value)
    return number if math.isfinite(number) else math.nan


def _report_date(value) -> pd.Timestamp | None:
    if not isinstance(value, str):
        return None
    moment = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(moment) else moment


def _to_frame(records: list, weeks: int) -> pd.DataFrame:
    """The reports as a table; a record without a readable date, or of another market, is left out.

    Raises
    ------
    VenueBadAnswer
        When records came but none could be read: the last report is then kept.
    """
    rows = []
    for record in records:
        if not isinstance(record, dict) or _report_date(record.get("report_date_as_yyyy_mm_dd")) is None:
            continue
        code = clean_text(str(record.get("cftc_contract_market_code", "")).strip())
        if code not in COT_MARKETS:
            continue
        row = {
            "report_date": _report_date(record["report_date_as_yyyy_mm_dd"]),
            "market_code": code,
            "market": COT_MARKETS[code],
            "open_interest": _count(record.get("open_interest_all")),
        }
        for group, (long_key, short_key) in TRADER_GROUPS.items():
            long_, short = _count(record.get(long_key)), _count(record.get(short_key))
            row.update({f"{group}_long": long_, f"{group}_short": short, f"{group}_net": long_ - short})
        rows.append(row)
    if records and not rows:
        raise VenueBadAnswer("the CFTC's answer holds no report that can be read")
    frame = pd.DataFrame(rows, columns=list(COT_COLUMNS))
    if frame.empty:
        return frame
    latest_dates = sorted(frame["report_date"].dropna().unique(), reverse=True)[:weeks]
    frame = frame[frame["report_date"].isin(latest_dates)]
    return frame.sort_values(["report_date", "market_code"], ascending=[False, True]).reset_index(drop=True)

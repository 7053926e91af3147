"""CoinGecko spot prices in USD, by coin id.

One request (``/api/v3/simple/price``) for every asset asked for, through a
map from ticker symbol to CoinGecko coin id for the common assets.  Assets
outside the map are reported in a warning.  Errors come as a ``status``
object with an ``error_code``.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from ...core.time_units import MS_PER_SECOND
from ..envelope import Envelope
from ..parsing import FieldReader, ms_to_utc, to_float
from ..request import Request
from ..table import KIND_SPOT, make_row
from .base import Assets, Venue, VenueResult

ENVELOPE = Envelope(error="status")
COIN_IDS = {
    "BTC": "bitcoin",
    "ETH": "ethereum",
    "SOL": "solana",
    "BNB": "binancecoin",
    "XRP": "ripple",
    "ADA": "cardano",
    "DOGE": "dogecoin",
    "TRX": "tron",
    "TON": "the-open-network",
    "AVAX": "avalanche-2",
    "DOT": "polkadot",
    "LINK": "chainlink",
    "LTC": "litecoin",
    "BCH": "bitcoin-cash",
    "NEAR": "near",
    "ATOM": "cosmos",
    "UNI": "uniswap",
    "XLM": "stellar",
    "SUI": "sui",
    "APT": "aptos",
    "ARB": "arbitrum",
    "OP": "optimism",
    "POL": "polygon-ecosystem-token",
    "SHIB": "shiba-inu",
    "PEPE": "pepe",
    "HBAR": "hedera-hashgraph",
    "ETC": "ethereum-classic",
    "FIL": "filecoin",
    "AAVE": "aave",
    "HYPE": "hyperliquid",
    "USDT": "tether",
    "USDC": "usd-coin",
    "DAI": "dai",
    "FDUSD": "first-digital-usd",
    "USDE": "ethena-usde",
    "TUSD": "true-usd",
    "PYUSD": "paypal-usd",
    "USDS": "usds",
    "USDP": "paxos-standard",
}
"""Ticker symbol → CoinGecko coin id (symbols are not unique on CoinGecko; ids are)."""
PRICE = "simple/price"


def _symbols(assets: Assets) -> list[str]:
    return sorted(COIN_IDS if assets is None else (a for a in assets if a in COIN_IDS))


class CoinGecko(Venue):
    key = "coingecko"
    spot_source_rank = 1
    serves_history = False
    default_url = "https://api.coingecko.com"

    def requests(self, assets: Assets) -> dict[str, Request]:
        symbols = _symbols(assets)
        if not symbols:
            return {}
        params = {"ids": ",".join(COIN_IDS[s] for s in symbols), "vs_currencies": "usd",
                  "include_last_updated_at": "true"}
        return {PRICE: Request("/api/v3/simple/price", params, envelope=ENVELOPE, source=PRICE)}

    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        reader = FieldReader(self.key)
        unknown = sorted(set(assets or ()) - set(COIN_IDS))
        notes = [f"coingecko: no coin id known for {', '.join(unknown)}"] if unknown else []
        payload = answers.get(PRICE, {})
        rows = []
        for symbol in _symbols(assets) if PRICE in answers else ():
            quote = payload.get(COIN_IDS[symbol])
            if not isinstance(quote, dict):
                notes.append(f"coingecko: no price for {symbol} ({COIN_IDS[symbol]})")
                continue
            updated_s = to_float(reader.raw(quote, "last_updated_at", PRICE))
            rows.append(
                make_row(
                    self.key,
                    COIN_IDS[symbol],
                    symbol,
                    "USD",
                    KIND_SPOT,
                    last_price=reader.number(quote, "usd", PRICE),
                    updated_at=ms_to_utc(updated_s * MS_PER_SECOND) if not math.isnan(updated_s) else None,
                )
            )
        return VenueResult(rows, notes + reader.warnings())

"""CoinGecko spot prices in USD, by coin id.

One request (``/api/v3/simple/price``) for every asset asked for, through a
map from ticker symbol to CoinGecko coin id for the common assets.  Assets
outside the map are reported in a warning.
"""

from __future__ import annotations

import math
from typing import Collection

from ..parsing import FieldReader, ms_to_utc, to_float
from ..table import KIND_SPOT, make_row
from ..transport import VenueClient, VenueError
from .base import Venue, VenueResult

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
}
"""Ticker symbol → CoinGecko coin id (symbols are not unique on CoinGecko; ids are)."""
SECONDS_TO_MS = 1000.0


class CoinGecko(Venue):
    key = "coingecko"
    default_url = "https://api.coingecko.com"

    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        reader = FieldReader(self.key)
        symbols = sorted(COIN_IDS if assets is None else (a for a in assets if a in COIN_IDS))
        warnings = []
        unknown = sorted(set(assets or ()) - set(COIN_IDS))
        if unknown:
            warnings.append(f"coingecko: no coin id known for {', '.join(unknown)}")
        if not symbols:
            return VenueResult([], warnings)
        payload = client.get_json(
            "/api/v3/simple/price",
            {"ids": ",".join(COIN_IDS[s] for s in symbols), "vs_currencies": "usd", "include_last_updated_at": "true"},
        )
        if not isinstance(payload, dict):
            raise VenueError("unexpected answer from simple/price")
        if "status" in payload and isinstance(payload["status"], dict) and payload["status"].get("error_code"):
            raise VenueError(f"error {payload['status']['error_code']}: {payload['status'].get('error_message', '')}")
        rows = []
        for symbol in symbols:
            quote = payload.get(COIN_IDS[symbol])
            if not isinstance(quote, dict):
                warnings.append(f"coingecko: no price for {symbol} ({COIN_IDS[symbol]})")
                continue
            updated = to_float(reader.raw(quote, "last_updated_at", "simple/price"))
            rows.append(
                make_row(
                    self.key,
                    COIN_IDS[symbol],
                    symbol,
                    "USD",
                    KIND_SPOT,
                    last_price=reader.number(quote, "usd", "simple/price"),
                    updated_at=ms_to_utc(updated * SECONDS_TO_MS) if not math.isnan(updated) else None,
                )
            )
        return VenueResult(rows, warnings + reader.warnings())

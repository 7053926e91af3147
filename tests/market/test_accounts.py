"""An account's open positions, read from each venue's answer in its documented shape (issue 24 §1).

Units by venue: Binance USDⓈ-M in coins, COIN-M in contracts; Bybit in coins (linear) or USD contracts (inverse)
with a side; OKX in contracts, signed or with a side. The margin posted is kept for an isolated position only."""

import pytest

from hedgebook.market.accounts import AccountPosition, positions_of
from hedgebook.market.errors import VenueBadAnswer


def binance_position(**fields):
    """One row of ``GET /fapi/v2/positionRisk`` (and COIN-M's ``/dapi/v1/positionRisk``) as Binance documents it."""
    row = {"entryPrice": "0.00000", "breakEvenPrice": "0.0", "marginType": "cross", "isAutoAddMargin": "false",
           "isolatedMargin": "0.00000000", "leverage": "10", "liquidationPrice": "0", "markPrice": "6679.50671178",
           "maxNotionalValue": "20000000", "positionAmt": "0.000", "notional": "0", "isolatedWallet": "0",
           "symbol": "BTCUSDT", "unRealizedProfit": "0.00000000", "positionSide": "BOTH", "updateTime": 0}
    return {**row, **fields}


def test_binance_usdm_keeps_coins_and_an_isolated_wallet_without_its_pnl():
    body = [binance_position(symbol="BTCUSDT", positionAmt="-0.250", entryPrice="60000.0", marginType="isolated",
                             isolatedWallet="1500.00", isolatedMargin="1480.00", liquidationPrice="65737.05"),
            binance_position(symbol="ETHUSDT", positionAmt="5.000", entryPrice="3000.0", marginType="cross",
                             isolatedWallet="0", liquidationPrice="0"),
            binance_position(symbol="SOLUSDT")]  # nothing held: not a position
    assert positions_of("binance", body) == [
        AccountPosition("binance", "BTCUSDT", -0.25, 60_000.0, "isolated", 1_500.0, 65_737.05),
        AccountPosition("binance", "ETHUSDT", 5.0, 3_000.0, "cross", None, None)]


def test_binance_coinm_keeps_contracts_and_a_wallet_in_coins():
    body = [binance_position(symbol="BTCUSD_PERP", positionAmt="-150", entryPrice="60000.0",
                             marginType="ISOLATED", isolatedWallet="0.0250", liquidationPrice="71000.5")]
    assert positions_of("binance_coinm", body) == [
        AccountPosition("binance_coinm", "BTCUSD_PERP", -150.0, 60_000.0, "isolated", 0.025, 71_000.5, "BTC")]


def test_binance_hedge_mode_short_leg_is_negative():
    body = [binance_position(positionAmt="0.100", positionSide="SHORT", entryPrice="61000")]
    assert positions_of("binance", body)[0].contracts == -0.1


def bybit_answer(*rows, category="linear"):
    """``GET /v5/position/list`` as Bybit documents it."""
    return {"retCode": 0, "retMsg": "OK", "result": {"list": list(rows), "nextPageCursor": "", "category": category},
            "retExtInfo": {}, "time": 1697684980172}


def bybit_position(**fields):
    row = {"positionIdx": 0, "riskId": 1, "riskLimitValue": "2000000", "symbol": "BTCUSDT", "side": "Buy",
           "size": "0", "avgPrice": "0", "positionValue": "0", "tradeMode": 0, "positionStatus": "Normal",
           "autoAddMargin": 0, "adlRankIndicator": 0, "leverage": "10", "positionBalance": "0", "markPrice": "28184.5",
           "liqPrice": "", "bustPrice": "", "positionMM": "0", "positionIM": "0", "tpslMode": "Full",
           "takeProfit": "0.00", "stopLoss": "0.00", "trailingStop": "0.00", "unrealisedPnl": "0",
           "curRealisedPnl": "0", "cumRealisedPnl": "0", "seq": 8172241025, "isReduceOnly": False,
           "createdTime": "1676538056258", "updatedTime": "1697673600012"}
    return {**row, **fields}


def test_bybit_signs_the_size_by_its_side_in_coins_or_usd_contracts():
    linear = bybit_answer(bybit_position(symbol="BTCUSDT", side="Sell", size="0.25", avgPrice="60000",
                                         tradeMode=1, positionBalance="1500", liqPrice="65737.05"),
                          bybit_position(symbol="ETHUSDT", side="Buy", size="5", avgPrice="3000",
                                         positionBalance="1500"),
                          bybit_position(symbol="SOLUSDT", side="", size="0"))
    assert positions_of("bybit", linear) == [
        AccountPosition("bybit", "BTCUSDT", -0.25, 60_000.0, "isolated", 1_500.0, 65_737.05),
        AccountPosition("bybit", "ETHUSDT", 5.0, 3_000.0, "cross", None, None)]
    inverse = bybit_answer(bybit_position(symbol="BTCUSD", side="Sell", size="15000", avgPrice="60000",
                                          tradeMode=1, positionBalance="0.025", liqPrice="71000"), category="inverse")
    assert positions_of("bybit", inverse)[0] == AccountPosition("bybit", "BTCUSD", -15_000.0, 60_000.0, "isolated",
                                                                0.025, 71_000.0, "BTC")


def okx_position(**fields):
    """One row of ``GET /api/v5/account/positions`` as OKX documents it (the fields hedgebook reads, and others)."""
    row = {"adl": "1", "availPos": "1", "avgPx": "2566.31", "cTime": "1619507758793", "ccy": "ETH", "imr": "",
           "instId": "ETH-USD-210430", "instType": "FUTURES", "lever": "10", "liqPx": "2352.8496681818233",
           "markPx": "2353.849", "margin": "0.0003896645377994", "mgnMode": "isolated", "notionalUsd": "2276.25",
           "pos": "1", "posCcy": "", "posId": "307173036051017730", "posSide": "long", "uTime": "1619507761462",
           "upl": "-0.0000009932766034"}
    return {**row, **fields}


def test_okx_signs_contracts_by_side_or_keeps_the_net_sign():
    body = {"code": "0", "msg": "", "data": [
        okx_position(),
        okx_position(instId="BTC-USDT-SWAP", instType="SWAP", pos="25", posSide="short", avgPx="60000",
                     mgnMode="cross", margin="", liqPx=""),
        okx_position(instId="ETH-USDT-SWAP", instType="SWAP", pos="-50", posSide="net", avgPx="3000",
                     mgnMode="isolated", margin="1500", liqPx="3290.1"),
        okx_position(instId="BTC-USDT", instType="MARGIN", pos="0.5", posSide="net", mgnMode="cross")]}
    assert positions_of("okx", body) == [  # a margin (spot) position is not a future: left out
        AccountPosition("okx", "ETH-USD-210430", 1.0, 2566.31, "isolated", 0.0003896645377994, 2352.8496681818233,
                        "ETH"),
        AccountPosition("okx", "BTC-USDT-SWAP", -25.0, 60_000.0, "cross", None, None),
        AccountPosition("okx", "ETH-USDT-SWAP", -50.0, 3_000.0, "isolated", 1_500.0, 3290.1)]


@pytest.mark.parametrize("venue, body", [
    ("binance", {"code": -2015, "msg": "Invalid API-key"}), ("binance", [binance_position(positionAmt="lots")]),
    ("bybit", {"retCode": 0, "result": {}}), ("bybit", bybit_answer(bybit_position(size="1", side="Up"))),
    ("okx", {"code": "0", "data": [okx_position(pos="nan")]}), ("deribit", [])])
def test_an_answer_not_in_the_documented_shape_is_refused_whole(venue, body):
    with pytest.raises(VenueBadAnswer, match=f"{venue}: "):
        positions_of(venue, body)


def test_each_venues_wallet_in_its_documented_shape():
    """The whole wallet, cash only (no unrealized P&L), isolated margins included: the cross collateral takes them
    out (app.accounts). Binance's totalCrossWalletBalance has them out already (21.72 = 23.72 less 2 isolated), and
    OKX's totalEq holds the unrealized P&L: neither is read."""
    from hedgebook.market.accounts import AccountWallet, wallets_of

    usdm = {"feeTier": 0, "canTrade": True, "totalInitialMargin": "0.00000000", "totalMaintMargin": "0.00000000",
            "totalWalletBalance": "23.72469206", "totalUnrealizedProfit": "0.00000000",
            "totalMarginBalance": "23.72469206", "totalCrossWalletBalance": "21.72469206",
            "totalCrossUnPnl": "0.00000000", "availableBalance": "23.72469206", "assets": [], "positions": []}
    coinm = {"assets": [{"asset": "BTC", "walletBalance": "0.00341969", "unrealizedProfit": "0.00000000",
                         "marginBalance": "0.00341969", "crossWalletBalance": "0.00241969", "crossUnPnl": "0.0"},
                        {"asset": "ETH", "walletBalance": "0", "crossWalletBalance": "0", "crossUnPnl": "0.0"}],
             "canDeposit": True, "canTrade": True, "canWithdraw": True, "feeTier": 2, "updateTime": 0}
    bybit = {"retCode": 0, "retMsg": "OK", "result": {"list": [{
        "totalEquity": "3.31216591", "accountIMRate": "0", "totalMarginBalance": "3.00326056",
        "totalInitialMargin": "0", "accountType": "UNIFIED", "totalAvailableBalance": "3.00326056",
        "accountMMRate": "0", "totalPerpUPL": "0", "totalWalletBalance": "3.00326056", "accountLTV": "0",
        "totalMaintenanceMargin": "0", "coin": []}]}, "retExtInfo": {}, "time": 1690872862481}
    okx = {"code": "0", "msg": "", "data": [{"adjEq": "55415.624719833286", "isoEq": "0",
                                             "totalEq": "55837.43556134779", "uTime": "1705474164160", "details": [
        okx_balance(ccy="USDT", cashBal="50000", eq="50400", eqUsd="50400", upl="400"),
        okx_balance(ccy="BTC", cashBal="0.1", eq="0.09", eqUsd="5400", upl="-0.01"),
        okx_balance(ccy="DOGE", cashBal="0", eq="0", eqUsd="0", upl="0")]}]}
    assert wallets_of("binance", usdm) == [AccountWallet("binance", "USD", 23.72469206)]
    assert wallets_of("binance_coinm", coinm) == [AccountWallet("binance_coinm", "BTC", 0.00341969)]
    assert wallets_of("bybit", bybit) == [AccountWallet("bybit", "USD", 3.00326056)]
    okx_wallet = wallets_of("okx", okx)  # USDT 50 000 cash; BTC 0.1 at 5 400 / 0.09 = 60 000 a coin: 6 000
    assert [w.asset for w in okx_wallet] == ["USD"] and okx_wallet[0].amount == pytest.approx(56_000.0)
    with pytest.raises(VenueBadAnswer, match="okx: the wallet is not in the documented shape"):
        wallets_of("okx", {"data": []})


def okx_balance(**fields):
    """One currency of ``GET /api/v5/account/balance``'s ``details``, as OKX documents it."""
    row = {"availBal": "", "availEq": "", "cashBal": "0", "ccy": "USDT", "crossLiab": "0", "disEq": "0", "eq": "0",
           "eqUsd": "0", "frozenBal": "0", "interest": "0", "isoEq": "0", "isoLiab": "0", "isoUpl": "0", "liab": "0",
           "maxLoan": "0", "mgnRatio": "", "notionalLever": "0", "ordFrozen": "0", "twap": "0",
           "uTime": "1705449605015", "upl": "0", "uplLiab": "0", "stgyEq": "0", "spotInUseAmt": ""}
    return {**row, **fields}

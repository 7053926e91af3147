"""Response bodies in the venues' documented shapes, written for these tests.

Numbers are strings where the venue sends strings.  Round values so that
every parsed figure can be checked by hand:
T0 = 2025-01-14 08:00 UTC, NEXT = 16:00 the same day, QUARTER = 2025-03-28 08:00.
"""

T0 = 1736841600000
NEXT = 1736870400000
NEXT_4H = 1736856000000
QUARTER = 1743148800000


def _lot(step):
    return [
        {"filterType": "PRICE_FILTER", "minPrice": "0.10", "maxPrice": "4529764", "tickSize": "0.10"},
        {"filterType": "LOT_SIZE", "stepSize": step, "maxQty": "1000", "minQty": step},
        {"filterType": "MARKET_LOT_SIZE", "stepSize": step, "maxQty": "120", "minQty": step},
    ]


def _usdm(symbol, base, contract_type, delivery, step, status="TRADING"):
    return {
        "symbol": symbol, "pair": base + "USDT", "contractType": contract_type, "deliveryDate": delivery,
        "onboardDate": 1569398400000, "status": status, "maintMarginPercent": "2.5000",
        "requiredMarginPercent": "5.0000", "baseAsset": base, "quoteAsset": "USDT", "marginAsset": "USDT",
        "pricePrecision": 2, "quantityPrecision": 3, "baseAssetPrecision": 8, "quotePrecision": 8,
        "underlyingType": "COIN", "settlePlan": 0, "triggerProtect": "0.0500", "filters": _lot(step),
        "orderTypes": ["LIMIT", "MARKET"], "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
    }


BINANCE_EXCHANGE_INFO = {
    "timezone": "UTC", "serverTime": T0, "futuresType": "U_MARGINED", "rateLimits": [], "exchangeFilters": [],
    "assets": [],
    "symbols": [
        _usdm("BTCUSDT", "BTC", "PERPETUAL", 4133404800000, "0.001"),
        _usdm("ETHUSDT", "ETH", "PERPETUAL", 4133404800000, "0.001"),
        _usdm("DOGEUSDT", "DOGE", "PERPETUAL", 4133404800000, "1"),
        _usdm("BTCUSDT_250328", "BTC", "CURRENT_QUARTER", QUARTER, "0.001"),
        _usdm("LUNAUSDT", "LUNA", "PERPETUAL", 4133404800000, "1", status="SETTLING"),
    ],
}


def _premium(symbol, mark, index, rate, next_time):
    return {
        "symbol": symbol, "markPrice": mark, "indexPrice": index, "estimatedSettlePrice": index,
        "lastFundingRate": rate, "interestRate": "0.00010000" if rate else "", "nextFundingTime": next_time,
        "time": T0,
    }


BINANCE_PREMIUM_INDEX = [
    _premium("BTCUSDT", "60000.00000000", "59990.00000000", "0.00010000", NEXT),
    _premium("ETHUSDT", "3000.00000000", "2999.50000000", "-0.00005000", NEXT),
    _premium("DOGEUSDT", "0.40000000", "0.40010000", "0.00020000", NEXT_4H),
    _premium("BTCUSDT_250328", "61200.00000000", "59990.00000000", "", 0),
]
BINANCE_FUNDING_INFO = [
    {"symbol": "DOGEUSDT", "adjustedFundingRateCap": "0.02000000", "adjustedFundingRateFloor": "-0.02000000",
     "fundingIntervalHours": 4, "disclaimer": False},
]
BINANCE_TICKER_PRICE = [
    {"symbol": "BTCUSDT", "price": "60010.50", "time": T0},
    {"symbol": "ETHUSDT", "price": "3001.25", "time": T0},
    {"symbol": "DOGEUSDT", "price": "0.40005", "time": T0},
    {"symbol": "BTCUSDT_250328", "price": "61210.0", "time": T0},
]
BINANCE_OPEN_INTEREST = {
    "BTCUSDT": {"openInterest": "80000.000", "symbol": "BTCUSDT", "time": T0},
    "BTCUSDT_250328": {"openInterest": "4000.000", "symbol": "BTCUSDT_250328", "time": T0},
    "ETHUSDT": {"openInterest": "2000000.000", "symbol": "ETHUSDT", "time": T0},
}


def _coinm(symbol, base, contract_type, delivery, size):
    return {
        "symbol": symbol, "pair": base + "USD", "contractType": contract_type, "deliveryDate": delivery,
        "onboardDate": 1596006000000, "contractStatus": "TRADING", "contractSize": size, "marginAsset": base,
        "maintMarginPercent": "2.5000", "requiredMarginPercent": "5.0000", "baseAsset": base, "quoteAsset": "USD",
        "pricePrecision": 1, "quantityPrecision": 0, "baseAssetPrecision": 8, "quotePrecision": 8,
        "equalQtyPrecision": 4, "filters": _lot("1"), "orderTypes": ["LIMIT", "MARKET"],
        "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
    }


COINM_EXCHANGE_INFO = {
    "timezone": "UTC", "serverTime": T0, "rateLimits": [], "exchangeFilters": [],
    "symbols": [
        _coinm("BTCUSD_PERP", "BTC", "PERPETUAL", 4133404800000, 100),
        _coinm("BTCUSD_250328", "BTC", "CURRENT_QUARTER", QUARTER, 100),
        _coinm("ETHUSD_PERP", "ETH", "PERPETUAL", 4133404800000, 10),
    ],
}
COINM_PREMIUM_INDEX = [
    dict(_premium("BTCUSD_PERP", "60000.0", "59990.0", "0.00010000", NEXT), pair="BTCUSD"),
    dict(_premium("BTCUSD_250328", "61200.0", "59990.0", "", 0), pair="BTCUSD"),
    dict(_premium("ETHUSD_PERP", "3000.00", "2999.50", "0.00010000", NEXT), pair="ETHUSD"),
]
COINM_FUNDING_INFO = []
COINM_TICKER_PRICE = [
    {"symbol": "BTCUSD_PERP", "ps": "BTCUSD", "price": "60005.1", "time": T0},
    {"symbol": "BTCUSD_250328", "ps": "BTCUSD", "price": "61190.0", "time": T0},
    {"symbol": "ETHUSD_PERP", "ps": "ETHUSD", "price": "3000.10", "time": T0},
]
COINM_OPEN_INTEREST = {
    "BTCUSD_PERP": {"symbol": "BTCUSD_PERP", "pair": "BTCUSD", "openInterest": "6000000", "contractType": "PERPETUAL", "time": T0},
    "BTCUSD_250328": {"symbol": "BTCUSD_250328", "pair": "BTCUSD", "openInterest": "612000", "contractType": "CURRENT_QUARTER", "time": T0},
    "ETHUSD_PERP": {"symbol": "ETHUSD_PERP", "pair": "ETHUSD", "openInterest": "3000000", "contractType": "PERPETUAL", "time": T0},
}

SPOT_TICKER_PRICE = [
    {"symbol": "BTCUSDT", "price": "60001.00000000"},
    {"symbol": "ETHUSDT", "price": "3000.50000000"},
    {"symbol": "ETHBTC", "price": "0.05000000"},
    {"symbol": "BTCFDUSD", "price": "60002.00000000"},
]
SPOT_EXCHANGE_INFO = {
    "timezone": "UTC", "serverTime": T0, "rateLimits": [], "exchangeFilters": [],
    "symbols": [
        {"symbol": "BTCUSDT", "status": "TRADING", "baseAsset": "BTC", "quoteAsset": "USDT", "filters": _lot("0.00001000")},
    ],
}


def _bybit_ticker(symbol, last, index, mark, oi, oi_value, rate, next_time, delivery="0"):
    return {
        "symbol": symbol, "lastPrice": last, "indexPrice": index, "markPrice": mark, "prevPrice24h": last,
        "price24hPcnt": "0.01", "highPrice24h": last, "lowPrice24h": last, "prevPrice1h": last,
        "openInterest": oi, "openInterestValue": oi_value, "turnover24h": "1", "volume24h": "1",
        "fundingRate": rate, "nextFundingTime": next_time, "predictedDeliveryPrice": "", "basisRate": "",
        "deliveryFeeRate": "", "deliveryTime": delivery, "ask1Size": "1", "bid1Price": last, "ask1Price": last,
        "bid1Size": "1", "basis": "",
    }


BYBIT_TICKERS = {
    "linear": {
        "retCode": 0, "retMsg": "OK", "retExtInfo": {}, "time": T0,
        "result": {"category": "linear", "list": [
            _bybit_ticker("BTCUSDT", "60010.00", "59990.00", "60000.00", "60000.000", "3600000000.00", "0.0001", str(NEXT)),
            _bybit_ticker("ETHUSDT", "3001.00", "2999.50", "3000.00", "1500000.00", "4500000000.00", "0.00005", str(NEXT_4H)),
            _bybit_ticker("BTC-28MAR25", "61210.00", "59990.00", "61200.00", "100.000", "6120000.00", "", "0", str(QUARTER)),
        ]},
    },
    "inverse": {
        "retCode": 0, "retMsg": "OK", "retExtInfo": {}, "time": T0,
        "result": {"category": "inverse", "list": [
            _bybit_ticker("BTCUSD", "60005.00", "59990.00", "60000.00", "600000000", "10000.00", "0.0001", str(NEXT)),
        ]},
    },
}


def _bybit_instrument(symbol, contract_type, base, quote, interval, step, delivery="0", status="Trading"):
    return {
        "symbol": symbol, "contractType": contract_type, "status": status, "baseCoin": base, "quoteCoin": quote,
        "launchTime": "1585526400000", "deliveryTime": delivery, "deliveryFeeRate": "", "priceScale": "2",
        "leverageFilter": {"minLeverage": "1", "maxLeverage": "100.00", "leverageStep": "0.01"},
        "priceFilter": {"minPrice": "0.10", "maxPrice": "199999.80", "tickSize": "0.10"},
        "lotSizeFilter": {"maxOrderQty": "100.000", "minOrderQty": step, "qtyStep": step,
                          "postOnlyMaxOrderQty": "1000.000"},
        "unifiedMarginTrade": True, "fundingInterval": interval, "settleCoin": quote if quote != "USD" else base,
        "copyTrading": "both", "upperFundingRate": "0.00375", "lowerFundingRate": "-0.00375",
    }


BYBIT_INSTRUMENTS = {
    "linear": [
        _bybit_instrument("BTCUSDT", "LinearPerpetual", "BTC", "USDT", 480, "0.001"),
        _bybit_instrument("ETHUSDT", "LinearPerpetual", "ETH", "USDT", 240, "0.01"),
        _bybit_instrument("BTC-28MAR25", "LinearFutures", "BTC", "USDC", 0, "0.001", delivery=str(QUARTER)),
        _bybit_instrument("OLDUSDT", "LinearPerpetual", "OLD", "USDT", 480, "1", status="Closed"),
    ],
    "inverse": [_bybit_instrument("BTCUSD", "InversePerpetual", "BTC", "USD", 480, "1")],
}


def _okx_instrument(inst_type, inst_id, family, ct_type, ct_val, ct_val_ccy, lot, exp=""):
    return {
        "instType": inst_type, "instId": inst_id, "uly": family, "instFamily": family, "baseCcy": "", "quoteCcy": "",
        "settleCcy": family.split("-")[1] if ct_type == "linear" else family.split("-")[0], "ctValCcy": ct_val_ccy,
        "ctVal": ct_val, "ctMult": "1", "ctType": ct_type, "lotSz": lot, "minSz": lot, "tickSz": "0.1",
        "listTime": "1611916800000", "expTime": exp, "lever": "100", "alias": "quarter" if exp else "",
        "state": "live", "optType": "", "stk": "", "category": "1", "maxLmtSz": "1000000",
    }


OKX_INSTRUMENTS = {
    "SWAP": [
        _okx_instrument("SWAP", "BTC-USDT-SWAP", "BTC-USDT", "linear", "0.01", "BTC", "0.01"),
        _okx_instrument("SWAP", "BTC-USD-SWAP", "BTC-USD", "inverse", "100", "USD", "1"),
        _okx_instrument("SWAP", "ETH-USDT-SWAP", "ETH-USDT", "linear", "0.1", "ETH", "0.01"),
    ],
    "FUTURES": [
        _okx_instrument("FUTURES", "BTC-USD-250328", "BTC-USD", "inverse", "100", "USD", "1", exp=str(QUARTER)),
    ],
}


def _okx(data):
    return {"code": "0", "msg": "", "data": data}


def _okx_ticker(inst_type, inst_id, last):
    return {"instType": inst_type, "instId": inst_id, "last": last, "lastSz": "1", "askPx": last, "askSz": "1",
            "bidPx": last, "bidSz": "1", "open24h": last, "high24h": last, "low24h": last, "volCcy24h": "1",
            "vol24h": "1", "ts": str(T0), "sodUtc0": last, "sodUtc8": last}


OKX_TICKERS = {
    "SWAP": [_okx_ticker("SWAP", "BTC-USDT-SWAP", "60010.1"), _okx_ticker("SWAP", "BTC-USD-SWAP", "60005.0"),
             _okx_ticker("SWAP", "ETH-USDT-SWAP", "3001.1")],
    "FUTURES": [_okx_ticker("FUTURES", "BTC-USD-250328", "61210.0")],
}
OKX_MARK = {
    "SWAP": [{"instType": "SWAP", "instId": i, "markPx": p, "ts": str(T0)}
             for i, p in (("BTC-USDT-SWAP", "60000"), ("BTC-USD-SWAP", "60000"), ("ETH-USDT-SWAP", "3000"))],
    "FUTURES": [{"instType": "FUTURES", "instId": "BTC-USD-250328", "markPx": "61200", "ts": str(T0)}],
}
OKX_OPEN_INTEREST = {
    "SWAP": [
        {"instId": "BTC-USDT-SWAP", "instType": "SWAP", "oi": "2500000", "oiCcy": "25000", "oiUsd": "1500000000", "ts": str(T0)},
        {"instId": "BTC-USD-SWAP", "instType": "SWAP", "oi": "6000000", "oiCcy": "10000", "oiUsd": "600000000", "ts": str(T0)},
        {"instId": "ETH-USDT-SWAP", "instType": "SWAP", "oi": "9000000", "oiCcy": "900000", "oiUsd": "2700000000", "ts": str(T0)},
    ],
    "FUTURES": [
        {"instId": "BTC-USD-250328", "instType": "FUTURES", "oi": "61200", "oiCcy": "100", "oiUsd": "6120000", "ts": str(T0)},
    ],
}


def _okx_funding(inst_id, rate, funding_time, next_time):
    return {"instType": "SWAP", "instId": inst_id, "method": "current_period", "fundingRate": rate,
            "nextFundingRate": "", "fundingTime": str(funding_time), "nextFundingTime": str(next_time),
            "minFundingRate": "-0.0075", "maxFundingRate": "0.0075", "settState": "settled",
            "settFundingRate": rate, "premium": "0.0001", "sign": "", "impactValue": "", "interestRate": "0.0001",
            "ts": str(T0)}


OKX_FUNDING = [
    _okx_funding("BTC-USDT-SWAP", "0.0001", NEXT, NEXT + 8 * 3600000),
    _okx_funding("BTC-USD-SWAP", "0.00008", NEXT, NEXT + 8 * 3600000),
    _okx_funding("ETH-USDT-SWAP", "-0.00002", NEXT_4H, NEXT_4H + 4 * 3600000),
]
OKX_INDEX = {
    "USD": [{"instId": "BTC-USD", "idxPx": "59990", "high24h": "1", "low24h": "1", "open24h": "1", "sodUtc0": "1", "sodUtc8": "1", "ts": str(T0)}],
    "USDT": [{"instId": "BTC-USDT", "idxPx": "59995", "high24h": "1", "low24h": "1", "open24h": "1", "sodUtc0": "1", "sodUtc8": "1", "ts": str(T0)},
             {"instId": "ETH-USDT", "idxPx": "2999.5", "high24h": "1", "low24h": "1", "open24h": "1", "sodUtc0": "1", "sodUtc8": "1", "ts": str(T0)}],
    "USDC": [],
}


def _rpc(result):
    return {"jsonrpc": "2.0", "result": result, "usIn": T0 * 1000, "usOut": T0 * 1000 + 100, "usDiff": 100, "testnet": False}


def _deribit_summary(name, base, mark, last, index, oi, funding=None):
    summary = {
        "volume_usd": 1.0, "volume": 1.0, "quote_currency": "USD", "price_change": 0.1, "open_interest": oi,
        "mid_price": mark, "mark_price": mark, "low": last, "last": last, "instrument_name": name, "high": last,
        "estimated_delivery_price": index, "creation_timestamp": T0, "bid_price": last, "base_currency": base,
        "ask_price": last,
    }
    if funding is not None:
        summary.update({"funding_8h": funding, "current_funding": 0.0, "interest_rate": 0.0})
    return summary


def _deribit_instrument(name, base, period, expiry, size, min_amount):
    return {
        "tick_size": 0.5, "taker_commission": 0.0005, "settlement_period": period, "settlement_currency": base,
        "quote_currency": "USD", "min_trade_amount": min_amount, "max_liquidation_commission": 0.0075,
        "max_leverage": 50, "maker_commission": 0.0, "kind": "future", "is_active": True, "instrument_name": name,
        "future_type": "reversed", "instrument_type": "reversed", "expiration_timestamp": expiry,
        "creation_timestamp": 1534242287000, "counter_currency": "USD", "contract_size": size,
        "block_trade_commission": 0.0001, "base_currency": base, "price_index": base.lower() + "_usd",
    }


DERIBIT_SUMMARY = {
    "BTC": _rpc([
        _deribit_summary("BTC-PERPETUAL", "BTC", 60000.0, 60010.0, 59990.0, 1200000000.0, funding=0.0001),
        _deribit_summary("BTC-28MAR25", "BTC", 61200.0, 61210.0, 59990.0, 612000000.0),
    ]),
    "ETH": _rpc([_deribit_summary("ETH-PERPETUAL", "ETH", 3000.0, 3001.0, 2999.5, 300000000.0, funding=-0.00002)]),
}
DERIBIT_INSTRUMENTS = {
    "BTC": _rpc([
        _deribit_instrument("BTC-PERPETUAL", "BTC", "perpetual", 32503708800000, 10.0, 10.0),
        _deribit_instrument("BTC-28MAR25", "BTC", "month", QUARTER, 10.0, 10.0),
    ]),
    "ETH": _rpc([_deribit_instrument("ETH-PERPETUAL", "ETH", "perpetual", 32503708800000, 1.0, 1.0)]),
}

BINGX_CONTRACTS = {"code": 0, "msg": "", "data": [
    {"contractId": "100", "symbol": "BTC-USDT", "size": "0.0001", "quantityPrecision": 4, "pricePrecision": 1,
     "feeRate": 0.0005, "makerFeeRate": 0.0002, "takerFeeRate": 0.0005, "tradeMinLimit": 0,
     "tradeMinQuantity": 0.0001, "tradeMinUSDT": 2, "maxLongLeverage": 125, "maxShortLeverage": 125,
     "currency": "USDT", "asset": "BTC", "status": 1, "apiStateOpen": "true", "apiStateClose": "true",
     "ensureTrigger": True, "triggerFeeRate": "0.00020000"},
    {"contractId": "101", "symbol": "ETH-USDT", "size": "0.01", "quantityPrecision": 2, "pricePrecision": 2,
     "feeRate": 0.0005, "makerFeeRate": 0.0002, "takerFeeRate": 0.0005, "tradeMinLimit": 0,
     "tradeMinQuantity": 0.01, "tradeMinUSDT": 2, "maxLongLeverage": 100, "maxShortLeverage": 100,
     "currency": "USDT", "asset": "ETH", "status": 1, "apiStateOpen": "true", "apiStateClose": "true",
     "ensureTrigger": True, "triggerFeeRate": "0.00020000"},
]}
BINGX_PREMIUM = {"code": 0, "msg": "", "data": [
    {"symbol": "BTC-USDT", "markPrice": "60000.0", "indexPrice": "59990.0", "lastFundingRate": "0.0001",
     "nextFundingTime": NEXT, "fundingIntervalHours": 8, "updateTime": T0},
    {"symbol": "ETH-USDT", "markPrice": "3000.00", "indexPrice": "2999.50", "lastFundingRate": "0.00005",
     "nextFundingTime": NEXT_4H, "fundingIntervalHours": 4, "updateTime": T0},
]}
BINGX_TICKER = {"code": 0, "msg": "", "data": [
    {"symbol": "BTC-USDT", "priceChange": "1", "priceChangePercent": "0.01", "lastPrice": "60010.0",
     "lastQty": "1", "highPrice": "1", "lowPrice": "1", "volume": "1", "quoteVolume": "1", "openPrice": "1",
     "openTime": T0, "closeTime": T0},
    {"symbol": "ETH-USDT", "priceChange": "1", "priceChangePercent": "0.01", "lastPrice": "3001.00",
     "lastQty": "1", "highPrice": "1", "lowPrice": "1", "volume": "1", "quoteVolume": "1", "openPrice": "1",
     "openTime": T0, "closeTime": T0},
]}
BINGX_OPEN_INTEREST = {
    "BTC-USDT": {"code": 0, "msg": "", "data": {"openInterest": "1200000000.00", "symbol": "BTC-USDT", "time": T0}},
    "ETH-USDT": {"code": 0, "msg": "", "data": {"openInterest": "300000000.00", "symbol": "ETH-USDT", "time": T0}},
}

MEXC_DETAIL = {"success": True, "code": 0, "data": [
    {"symbol": "BTC_USDT", "displayName": "BTC_USDT PERPETUAL", "displayNameEn": "BTC_USDT PERPETUAL",
     "positionOpenType": 3, "baseCoin": "BTC", "quoteCoin": "USDT", "settleCoin": "USDT", "contractSize": 0.0001,
     "minLeverage": 1, "maxLeverage": 125, "priceScale": 1, "volScale": 0, "amountScale": 4, "priceUnit": 0.1,
     "volUnit": 1, "minVol": 1, "maxVol": 1250000, "takerFeeRate": 0.0002, "makerFeeRate": 0.0,
     "maintenanceMarginRate": 0.004, "initialMarginRate": 0.008, "state": 0, "isNew": False, "isHot": True,
     "isHidden": False},
    {"symbol": "ETH_USDT", "displayName": "ETH_USDT PERPETUAL", "displayNameEn": "ETH_USDT PERPETUAL",
     "positionOpenType": 3, "baseCoin": "ETH", "quoteCoin": "USDT", "settleCoin": "USDT", "contractSize": 0.01,
     "minLeverage": 1, "maxLeverage": 200, "priceScale": 2, "volScale": 0, "amountScale": 4, "priceUnit": 0.01,
     "volUnit": 1, "minVol": 1, "maxVol": 450000, "takerFeeRate": 0.0002, "makerFeeRate": 0.0,
     "maintenanceMarginRate": 0.004, "initialMarginRate": 0.008, "state": 0, "isNew": False, "isHot": True,
     "isHidden": False},
]}
MEXC_TICKER = {"success": True, "code": 0, "data": [
    {"contractId": 10, "symbol": "BTC_USDT", "lastPrice": 60010.0, "bid1": 60009.9, "ask1": 60010.0,
     "volume24": 1, "amount24": 1, "holdVol": 100000000, "lower24Price": 1, "high24Price": 1,
     "riseFallRate": 0.01, "riseFallValue": 1, "indexPrice": 59990.0, "fairPrice": 60000.0,
     "fundingRate": 0.0001, "maxBidPrice": 66000, "minAskPrice": 54000, "timestamp": T0},
    {"contractId": 11, "symbol": "ETH_USDT", "lastPrice": 3001.0, "bid1": 3000.9, "ask1": 3001.0,
     "volume24": 1, "amount24": 1, "holdVol": 50000000, "lower24Price": 1, "high24Price": 1,
     "riseFallRate": 0.01, "riseFallValue": 1, "indexPrice": 2999.5, "fairPrice": 3000.0,
     "fundingRate": -0.00005, "maxBidPrice": 3300, "minAskPrice": 2700, "timestamp": T0},
]}
MEXC_FUNDING = {
    "BTC_USDT": {"success": True, "code": 0, "data": {"symbol": "BTC_USDT", "fundingRate": 0.0001,
                 "maxFundingRate": 0.003, "minFundingRate": -0.003, "collectCycle": 8, "nextSettleTime": NEXT,
                 "timestamp": T0}},
    "ETH_USDT": {"success": True, "code": 0, "data": {"symbol": "ETH_USDT", "fundingRate": -0.00005,
                 "maxFundingRate": 0.003, "minFundingRate": -0.003, "collectCycle": 4, "nextSettleTime": NEXT_4H,
                 "timestamp": T0}},
}

COINGECKO_PRICE = {
    "bitcoin": {"usd": 60000, "last_updated_at": T0 // 1000},
    "ethereum": {"usd": 3000.5, "last_updated_at": T0 // 1000},
}

"""Each venue's request signature, on the example its documentation gives (issue 24 §2).

Binance publishes its examples' signatures. Bybit and OKX publish the inputs of their examples but not the result:
those expected values were computed once with ``openssl dgst -sha256 -hmac`` (an implementation independent of
Python's), as the comments say.
"""

import datetime as dt
from urllib.parse import parse_qsl

import pytest

from hedgebook.market import signing


@pytest.mark.parametrize("secret, query, signature", [
    # Binance's "SIGNED endpoint examples", spot API
    ("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
     "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
     "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"),
    # the USDⓈ-M futures documentation's example, signed the same way
    ("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9",
     "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943",
     "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"),
])
def test_binance_documentation_examples(secret, query, signature):
    assert signing.binance_signature(query, secret) == signature


def test_a_signed_binance_query_ends_with_the_signature_of_all_before_it():
    query, headers = signing.binance_signed({"symbol": "BTCUSDT"}, "the-key", "the-secret", 1_700_000_000_000)
    unsigned, _, signature = query.rpartition("&signature=")
    assert unsigned == "symbol=BTCUSDT&recvWindow=5000&timestamp=1700000000000"
    assert signature == signing.binance_signature(unsigned, "the-secret") and headers == {"X-MBX-APIKEY": "the-key"}


def test_bybit_v5_on_its_documented_example_inputs():
    """Bybit's v5 guide signs a GET with timestamp 1658384314791, recvWindow 5000 and this query; with the key
    XXXXXXXXXX and a secret of 36 Y: openssl gives 49c26b0f… ."""
    signature = signing.bybit_signature(1658384314791, "XXXXXXXXXX", 5000, "category=option&symbol=BTC-29JUL22-25000-C",
                                        "Y" * 36)
    assert signature == "49c26b0f76e0bec6b926f119814d66c4bdf59de44adf2a1864b1ea0bfd9c710c"
    query, headers = signing.bybit_signed({"category": "option", "symbol": "BTC-29JUL22-25000-C"}, "XXXXXXXXXX",
                                          "Y" * 36, 1658384314791)
    assert query == "category=option&symbol=BTC-29JUL22-25000-C" and headers == {
        "X-BAPI-API-KEY": "XXXXXXXXXX", "X-BAPI-TIMESTAMP": "1658384314791", "X-BAPI-RECV-WINDOW": "5000",
        "X-BAPI-SIGN": signature}


def test_okx_v5_on_its_documented_example_inputs():
    """OKX's v5 documentation: timestamp 2020-12-08T09:08:57.715Z and secret 22582BD0CFF14C41EDBF1AB98506286D;
    a GET of /api/v5/account/balance?ccy=BTC, no body: openssl gives HiZhvSfM… ."""
    stamp = signing.okx_timestamp(dt.datetime(2020, 12, 8, 9, 8, 57, 715_432, tzinfo=dt.timezone.utc))
    assert stamp == "2020-12-08T09:08:57.715Z"
    secret = "22582BD0CFF14C41EDBF1AB98506286D"
    expected = "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY="
    assert signing.okx_signature(stamp, "get", "/api/v5/account/balance?ccy=BTC", "", secret) == expected
    query, headers = signing.okx_signed("/api/v5/account/balance", {"ccy": "BTC"}, "the-key", secret, "the-phrase",
                                        dt.datetime(2020, 12, 8, 10, 8, 57, 715_000,
                                                    tzinfo=dt.timezone(dt.timedelta(hours=1))))
    assert dict(parse_qsl(query)) == {"ccy": "BTC"}
    assert headers == {"OK-ACCESS-KEY": "the-key", "OK-ACCESS-PASSPHRASE": "the-phrase",
                       "OK-ACCESS-TIMESTAMP": "2020-12-08T09:08:57.715Z", "OK-ACCESS-SIGN": expected}

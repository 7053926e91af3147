"""`hedgebook market` against the local venue server."""

from hedgebook.cli import main

from .servers import serve_binance


def test_market_prints_the_table_and_failed_venues(market_server, capsys):
    serve_binance(market_server)
    market_server.expect_request("/v5/market/tickers").respond_with_data("", status=451)
    assert main(["market", "--venues", "binance,bybit", "--assets", "BTC", "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    btc = next(line for line in out.splitlines() if "BTCUSDT " in line or "BTCUSDT│" in line.replace(" ", ""))
    assert "60,000.00" in btc and "0.0100" in btc and "10.95" in btc and "8 h" in btc
    assert "bybit failed: not available from your location (HTTP 451)" in out
    assert "instruments from 1 of 2 venues" in out


def test_market_exit_code_when_every_venue_fails(market_server, capsys):
    market_server.expect_request("/fapi/v1/premiumIndex").respond_with_data("", status=503)
    serve_binance(market_server)
    assert main(["market", "--venues", "binance", "--timeout", "5"]) == 1
    assert "binance failed: server error (HTTP 503)" in capsys.readouterr().out


def test_market_rejects_unknown_venue(capsys):
    assert main(["market", "--venues", "ftx"]) == 1
    assert "unknown venue 'ftx'" in capsys.readouterr().out

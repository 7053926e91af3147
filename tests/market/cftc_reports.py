"""CFTC Commitments of Traders records in the Socrata dataset's documented shape (shared test data, not tests)."""


def _report(date, code, name, oi, dealer, asset, lev, other, nonrep):
    return {
        "id": f"{date}{code}", "market_and_exchange_names": name, "report_date_as_yyyy_mm_dd": f"{date}T00:00:00.000",
        "yyyy_report_week_ww": "2025 Report Week 2", "contract_market_name": name.split(" - ")[0],
        "cftc_contract_market_code": code, "cftc_market_code": "CME", "cftc_region_code": "1",
        "cftc_commodity_code": code[:3], "open_interest_all": str(oi),
        "dealer_positions_long_all": str(dealer[0]), "dealer_positions_short_all": str(dealer[1]),
        "dealer_positions_spread_all": "0",
        "asset_mgr_positions_long": str(asset[0]), "asset_mgr_positions_short": str(asset[1]),
        "asset_mgr_positions_spread": "0",
        "lev_money_positions_long": str(lev[0]), "lev_money_positions_short": str(lev[1]),
        "lev_money_positions_spread": "0",
        "other_rept_positions_long": str(other[0]), "other_rept_positions_short": str(other[1]),
        "other_rept_positions_spread": "0",
        "nonrept_positions_long_all": str(nonrep[0]), "nonrept_positions_short_all": str(nonrep[1]),
        "contract_units": "(5 Bitcoins)", "futonly_or_combined": "FutOnly",
    }


REPORTS = [
    _report("2025-01-14", "133741", "BITCOIN - CHICAGO MERCANTILE EXCHANGE", 30_000, (500, 200), (8_000, 1_000),
            (5_000, 15_000), (2_000, 1_500), (1_000, 1_800)),
    _report("2025-01-14", "146021", "ETHER CASH SETTLED - CHICAGO MERCANTILE EXCHANGE", 9_000, (100, 50),
            (2_000, 100), (1_000, 4_000), (500, 300), (300, 450)),
    _report("2025-01-07", "133741", "BITCOIN - CHICAGO MERCANTILE EXCHANGE", 29_000, (400, 300), (7_500, 1_000),
            (5_000, 14_000), (2_000, 1_400), (1_100, 1_700)),
]

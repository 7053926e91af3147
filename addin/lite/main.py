"""hedgebook in xlwings Lite: its worksheet functions and Refresh, on Windows, Mac and Excel on the web.

Generated from hedgebook 0.1.0 by `python -m hedgebook.excel.lite`: do not edit, regenerate.
Each function is hedgebook's own (hedgebook.excel.udfs), under the same Excel name as on Windows.
Signs: negative = short; a positive funding rate means longs pay shorts; a cost > 0 means you pay.
"""

import xlwings as xw
from xlwings import arg, func, script

from hedgebook.excel import udfs


@script(name='Refresh', button='[TextBox 1]Start!C13', show_taskpane=True)
def Refresh(book: xw.Book):
    """Fetch prices, funding rates, dated futures and open interest, and write the plan (Start says how it went)."""
    from hedgebook.excel import lite_refresh  # the market stack loads on the first Refresh, not with the functions

    print(lite_refresh.refresh(book))


@func
@arg('spot_price', ndim=2, doc='Spot (index) price, USD')
@arg('futures_price', ndim=2, doc='Futures price, USD')
@arg('expiry', ndim=2, doc='Expiry date and time of the future (UTC)')
@arg('as_of', ndim=2, doc='Valuation date (default: now, UTC)')
def ANNUALIZEDBASIS(spot_price, futures_price, expiry, as_of=None):
    'Annualized basis: (F/S - 1) x 365 / days to expiry'
    return udfs.ANNUALIZEDBASIS(spot_price, futures_price, expiry, as_of)


@func
@arg('spot_price', ndim=2, doc='Spot (index) price, USD')
@arg('futures_price', ndim=2, doc='Futures price, USD')
@arg('as_fraction', ndim=2, doc='TRUE for F/S - 1 instead of F - S')
def BASIS(spot_price, futures_price, as_fraction=None):
    'Basis: futures - spot, or F/S - 1 (contango > 0)'
    return udfs.BASIS(spot_price, futures_price, as_fraction)


@func
@arg('spot_prices', ndim=2, doc='Daily closes of the coins, USD, oldest first (a blank cell = a day without a price)')
@arg('futures_prices', ndim=2, doc='Daily closes of the dated future, USD, the same days as spot_prices')
def BASISVOL(spot_prices, futures_prices):
    'Basis volatility: standard deviation of the daily changes of F/S - 1, per day'
    return udfs.BASISVOL(spot_prices, futures_prices)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('spot_price', ndim=2, doc='Spot (index) price, USD')
@arg('futures_price', ndim=2, doc='Futures price, USD')
@arg('days', ndim=2, doc='Horizon, days')
@arg('days_to_expiry', ndim=2, doc='Days until the future expires (> 0)')
def DATEDCARRY(notional, spot_price, futures_price, days, days_to_expiry):
    'Cost of holding a dated future for days as its basis converges to 0 at expiry; positive = you pay'
    return udfs.DATEDCARRY(notional, spot_price, futures_price, days, days_to_expiry)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('spot_price', ndim=2, doc='Spot (index) price, USD')
@arg('futures_price', ndim=2, doc='Futures price, USD')
@arg('days', ndim=2, doc='Horizon, days')
@arg('days_to_expiry', ndim=2, doc='Days until the future expires (> 0)')
@arg('fee_rate', ndim=2, doc='Fee per trade, fraction of notional (0.05% = 0.0005)')
@arg('slippage_bps', ndim=2, doc='Slippage per trade, basis points')
def DATEDHEDGECOST(notional, spot_price, futures_price, days, days_to_expiry, fee_rate=None, slippage_bps=None):
    'Cost of hedging with dated futures for days, rolled at each expiry (basis decay + roll trades); positive = you pay'
    return udfs.DATEDHEDGECOST(notional, spot_price, futures_price, days, days_to_expiry, fee_rate, slippage_bps)


@func
@arg('held_contracts', ndim=2, doc='Contracts held before the order, signed (blank = 0)')
@arg('held_entry', ndim=2, doc='Their entry price, USD per coin (blank = the price: as if opened now)')
@arg('order_contracts', ndim=2, doc='The order, signed contracts (buy > 0)')
@arg('price', ndim=2, doc='Price of the contract, USD per coin (> 0)')
@arg('contract_size', ndim=2, doc='Coins per contract (linear, default 1) or USD per contract (inverse)')
@arg('inverse', ndim=2, doc='TRUE for inverse (coin-margined) contracts')
def ENTRYAFTER(held_contracts, held_entry, order_contracts, price, contract_size=None, inverse=None):
    'Entry price of the position an order leaves where one is held: the average entry when it adds, unchanged when it reduces, the price when it flips or opens; blank when none is left'
    return udfs.ENTRYAFTER(held_contracts, held_entry, order_contracts, price, contract_size, inverse)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('funding_rates', ndim=2, doc='Settled funding rates, oldest first (0.01% = 0.0001); positive = longs paid shorts')
@arg('intervals', ndim=2, doc='Funding interval of each rate, hours, beside the rates (or one number for all)')
@arg('days', ndim=2, doc='Horizon, days')
@arg('deviations', ndim=2, doc='Standard deviations from the expected cost, signed (+1 = one worse, -1 = one better; blank = 0)')
def EXPECTEDFUNDING(notional, funding_rates, intervals, days, deviations=None):
    'Funding over a horizon if rates behave as they did, USD; deviations = standard deviations from the expected cost (+1 = one worse); positive = you pay'
    return udfs.EXPECTEDFUNDING(notional, funding_rates, intervals, days, deviations)


@func
@arg('funding_rate', ndim=2, doc='Funding rate per interval (0.01% = 0.0001); positive = longs pay shorts')
@arg('interval_hours', ndim=2, doc='Funding interval, hours (8, 4, 1...); blank = unknown, the result is #N/A')
def FUNDINGAPR(funding_rate, interval_hours=None):
    'Funding rate per year: rate x 24 / interval x 365'
    return udfs.FUNDINGAPR(funding_rate, interval_hours)


@func
@arg('funding_rates', ndim=2, doc='Settled funding rates, oldest first (0.01% = 0.0001); positive = longs paid shorts')
@arg('intervals', ndim=2, doc='Funding interval of each rate, hours, beside the rates (or one number for all)')
def FUNDINGAPRMEAN(funding_rates, intervals):
    'Realized funding, mean APR over the time the rates cover; positive = longs paid shorts'
    return udfs.FUNDINGAPRMEAN(funding_rates, intervals)


@func
@arg('funding_rates', ndim=2, doc='Settled funding rates, oldest first (0.01% = 0.0001); positive = longs paid shorts')
@arg('intervals', ndim=2, doc='Funding interval of each rate, hours, beside the rates (or one number for all)')
def FUNDINGAPRVOL(funding_rates, intervals):
    "Realized funding, standard deviation of each rate's APR"
    return udfs.FUNDINGAPRVOL(funding_rates, intervals)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('funding_rate', ndim=2, doc='Funding rate per interval (0.01% = 0.0001); positive = longs pay shorts')
@arg('days', ndim=2, doc='Horizon, days')
@arg('interval_hours', ndim=2, doc='Funding interval, hours (8, 4, 1...); blank = unknown, the result is #N/A')
def FUNDINGCOST(notional, funding_rate, days, interval_hours=None):
    'Funding paid over a horizon: notional x rate x days x 24 / interval; positive = you pay'
    return udfs.FUNDINGCOST(notional, funding_rate, days, interval_hours)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('funding_rate', ndim=2, doc='Funding rate per interval (0.01% = 0.0001); positive = longs pay shorts')
@arg('days', ndim=2, doc='Horizon, days')
@arg('interval_hours', ndim=2, doc='Funding interval, hours (8, 4, 1...); blank = unknown, the result is #N/A')
@arg('fee_rate', ndim=2, doc='Fee per trade, fraction of notional (0.05% = 0.0005)')
@arg('slippage_bps', ndim=2, doc='Slippage per trade, basis points')
@arg('basis_cost', ndim=2, doc="Optional: a dated hedge's basis cost over the horizon, USD, > 0 = you pay (blank = 0)")
def FUTREBALCOST(notional, funding_rate, days, interval_hours=None, fee_rate=None, slippage_bps=None, basis_cost=None):
    "Cost of rebalancing with a perpetual: open + close fees, slippage, funding (+ a dated hedge's basis cost); positive = you pay. A blank row gives a blank cell"
    return udfs.FUTREBALCOST(notional, funding_rate, days, interval_hours, fee_rate, slippage_bps, basis_cost)


@func
@arg('spot_prices', ndim=2, doc='Daily closes of the coins, USD, oldest first (a blank cell = a day without a price)')
@arg('hedge_prices', ndim=2, doc='Daily closes of the hedge contract, USD, the same days as spot_prices')
def HEDGEEFFECTIVENESS(spot_prices, hedge_prices):
    "Hedge effectiveness: share of the coins' daily variance the hedge removes (R squared, 0 to 1)"
    return udfs.HEDGEEFFECTIVENESS(spot_prices, hedge_prices)


@func
@arg('current_exposure', ndim=2, doc='Current net exposure, signed USD (spot + futures)')
@arg('target_weight', ndim=2, doc='Target weight, fraction of portfolio value (50% = 0.5)')
@arg('portfolio_value', ndim=2, doc='Portfolio value, USD (sum of spot values)')
@arg('hedge_ratio', ndim=2, doc='Hedge ratio beta: USD of hedge per USD of exposure (blank = 1; futures count as notional / beta)')
def HEDGENOTIONAL(current_exposure, target_weight, portfolio_value, hedge_ratio=None):
    'Signed USD of futures to add to reach the target weight (negative = short), times the hedge ratio; a blank row gives blank cells'
    return udfs.HEDGENOTIONAL(current_exposure, target_weight, portfolio_value, hedge_ratio)


@func
@arg('spot_prices', ndim=2, doc='Daily closes of the coins, USD, oldest first (a blank cell = a day without a price)')
@arg('hedge_prices', ndim=2, doc='Daily closes of the hedge contract, USD, the same days as spot_prices')
def HEDGERATIO(spot_prices, hedge_prices):
    'Minimum-variance hedge ratio from daily log returns: USD of hedge per USD of coins (1 = as many)'
    return udfs.HEDGERATIO(spot_prices, hedge_prices)


@func
@arg('current_exposure', ndim=2, doc='Current net exposure, signed USD (spot + futures)')
@arg('target_weight', ndim=2, doc='Target weight, fraction of portfolio value (50% = 0.5)')
@arg('portfolio_value', ndim=2, doc='Portfolio value, USD (sum of spot values)')
@arg('price', ndim=2, doc='Price of the contract, USD per coin (> 0)')
@arg('contract_size', ndim=2, doc='Coins per contract (linear, default 1) or USD per contract (inverse)')
@arg('lot_size', ndim=2, doc='Order step in contracts (blank = no rounding)')
@arg('inverse', ndim=2, doc='TRUE for inverse (coin-margined) contracts')
@arg('hedge_ratio', ndim=2, doc='Hedge ratio beta: USD of hedge per USD of exposure (blank = 1; futures count as notional / beta)')
def HEDGESIZE(current_exposure, target_weight, portfolio_value, price, contract_size=None, lot_size=None, inverse=None, hedge_ratio=None):
    'Signed contracts to trade to reach the target weight (negative = sell), cut toward zero to whole lots; a row without its exposure, target or price gives a blank cell'
    return udfs.HEDGESIZE(current_exposure, target_weight, portfolio_value, price, contract_size, lot_size, inverse, hedge_ratio)


@func
@arg('history', ndim=2, doc="History's Spot close to Dated close columns: one block per holding, its days first, oldest first")
@arg('rows', ndim=2, doc='Holding rows the history holds a block for')
@arg('days', ndim=2, doc='Horizon, days')
def HISTORYFIT(history, rows, days):
    "How each holding's hedge tracked the coins, from its History block: beta and R2 of the hedge contract, the dated basis volatility per day; blank where the history does not tell"
    return udfs.HISTORYFIT(history, rows, days)


@func
@arg('history', ndim=2, doc="History's Spot close to Dated close columns: one block per holding, its days first, oldest first")
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('horizon_days', ndim=2, doc='Horizon, days')
@arg('days', ndim=2, doc='Horizon, days')
def HISTORYFUNDING(history, notional, horizon_days, days):
    "Each holding's funding over the horizon from its History block, if rates behave as they did: expected, one s.d. better, one worse (USD, positive = you pay); blank without an order or enough days"
    return udfs.HISTORYFUNDING(history, notional, horizon_days, days)


@func
@arg('history', ndim=2, doc="History's Spot close to Dated close columns: one block per holding, its days first, oldest first")
@arg('rows', ndim=2, doc='Holding rows the history holds a block for')
@arg('days', ndim=2, doc='Horizon, days')
@arg('recent_days', ndim=2, doc='The recent window, days (blank = 30)')
def HISTORYFUNDINGAPR(history, rows, days, recent_days=None):
    "Each holding's realized funding from its History block: the mean APR over the recent window and over all days, and its volatility (positive = longs paid shorts); blank where the history does not tell"
    return udfs.HISTORYFUNDINGAPR(history, rows, days, recent_days)


@func
@arg('entry_price', ndim=2, doc='Entry price, USD')
@arg('quantity', ndim=2, doc='Position, coins (linear) or contracts (inverse); negative = short')
@arg('collateral', ndim=2, doc='Isolated margin: USD (linear) or coin (inverse)')
@arg('maint_margin_rate', ndim=2, doc='Maintenance margin rate (default 0.004)')
@arg('maint_amount', ndim=2, doc='Maintenance amount of the bracket (default 0)')
@arg('contract_size', ndim=2, doc='Coins per contract (linear, default 1) or USD per contract (inverse)')
@arg('tier_caps', ndim=2, doc="The contract's tiers: largest position of each, USD notional, lowest first (blank = one rate)")
@arg('tier_rates', ndim=2, doc='Maintenance margin rate of each tier (0.4% = 0.004), beside tier_caps')
def LIQPRICE(entry_price, quantity, collateral, maint_margin_rate=None, maint_amount=None, contract_size=None, tier_caps=None, tier_rates=None):
    "Isolated liquidation price (linear, or inverse when contract_size > 0); 0 = cannot be liquidated; with tiers, the rate and amount of the position's tier"
    return udfs.LIQPRICE(entry_price, quantity, collateral, maint_margin_rate, maint_amount, contract_size, tier_caps, tier_rates)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('tier_caps', ndim=2, doc="The contract's tiers: largest position of each, USD notional, lowest first (blank = one rate)")
@arg('tier_rates', ndim=2, doc='Maintenance margin rate of each tier (0.4% = 0.004), beside tier_caps')
@arg('default_rate', ndim=2, doc='Rate when no tiers are given (default 0.004)')
def MAINTRATE(notional, tier_caps=None, tier_rates=None, default_rate=None):
    "Maintenance margin rate of a position: its tier's where tiers are given, else default_rate"
    return udfs.MAINTRATE(notional, tier_caps, tier_rates, default_rate)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('leverage', ndim=2, doc='Leverage (3 = 3x)')
@arg('tier_caps', ndim=2, doc="The contract's tiers: largest position of each, USD notional, lowest first (blank = one rate)")
@arg('tier_leverages', ndim=2, doc='Highest leverage of each tier (125 = 125x), beside tier_caps')
def MARGIN(notional, leverage, tier_caps=None, tier_leverages=None):
    "Initial margin: abs(notional) / leverage, the leverage at most the tier's of that size"
    return udfs.MARGIN(notional, leverage, tier_caps, tier_leverages)


@func
@arg('held_contracts', ndim=2, doc='Contracts held before the order, signed (blank = 0)')
@arg('held_entry', ndim=2, doc='Their entry price, USD per coin (blank = the price: as if opened now)')
@arg('held_margin', ndim=2, doc='Their isolated margin posted: USD (linear) or coin (inverse); blank = notional at entry / leverage')
@arg('order_contracts', ndim=2, doc='The order, signed contracts (buy > 0)')
@arg('price', ndim=2, doc='Price of the contract, USD per coin (> 0)')
@arg('leverage', ndim=2, doc='Leverage (3 = 3x)')
@arg('contract_size', ndim=2, doc='Coins per contract (linear, default 1) or USD per contract (inverse)')
@arg('inverse', ndim=2, doc='TRUE for inverse (coin-margined) contracts')
@arg('tier_caps', ndim=2, doc="The contract's tiers: largest position of each, USD notional, lowest first (blank = one rate)")
@arg('tier_leverages', ndim=2, doc='Highest leverage of each tier (125 = 125x), beside tier_caps')
def MARGINAFTER(held_contracts, held_entry, held_margin, order_contracts, price, leverage, contract_size=None, inverse=None, tier_caps=None, tier_leverages=None):
    "Isolated margin of the position an order leaves where one is held: held + the order's initial margin when it adds, the share kept when it reduces, a new initial margin when it flips; USD (inverse: coin)"
    return udfs.MARGINAFTER(held_contracts, held_entry, held_margin, order_contracts, price, leverage, contract_size, inverse, tier_caps, tier_leverages)


@func
@arg('spot_value', ndim=2, doc='Value of the coins held, USD')
@arg('futures_notional', ndim=2, doc='Futures position, signed USD (negative = short)')
@arg('portfolio_value', ndim=2, doc='Portfolio value, USD (sum of spot values)')
@arg('hedge_ratio', ndim=2, doc='Hedge ratio beta: USD of hedge per USD of exposure (blank = 1; futures count as notional / beta)')
@arg('order_notional', ndim=2, doc="Optional: the order's notional, signed USD, added to the futures (blank = none)")
def NETEXPOSURE(spot_value, futures_notional, portfolio_value=None, hedge_ratio=None, order_notional=None):
    'Net exposure: spot value + futures (+ order) notional / hedge ratio, as a weight when portfolio_value is given; a blank row gives blank cells'
    return udfs.NETEXPOSURE(spot_value, futures_notional, portfolio_value, hedge_ratio, order_notional)


@func
@arg('contracts', ndim=2, doc="Position in the venue's contracts, signed (negative = short)")
@arg('mark_price', ndim=2, doc='Mark price of the contract, USD per coin')
@arg('contract_size', ndim=2, doc='Coins per contract (linear, default 1) or USD per contract (inverse)')
@arg('inverse', ndim=2, doc='TRUE for inverse (coin-margined) contracts')
def POSITIONNOTIONAL(contracts, mark_price, contract_size=None, inverse=None):
    'USD value of a futures position at the mark price: contracts x size x mark (linear), contracts x USD per contract (inverse); negative = short'
    return udfs.POSITIONNOTIONAL(contracts, mark_price, contract_size, inverse)


@func
@arg('contracts', ndim=2, doc="Position in the venue's contracts, signed (negative = short)")
@arg('entry_price', ndim=2, doc='Entry price, USD')
@arg('mark_price', ndim=2, doc='Mark price of the contract, USD per coin')
@arg('contract_size', ndim=2, doc='Coins per contract (linear, default 1) or USD per contract (inverse)')
@arg('inverse', ndim=2, doc='TRUE for inverse (coin-margined) contracts')
def POSITIONPNL(contracts, entry_price, mark_price, contract_size=None, inverse=None):
    'Unrealized profit of a futures position since entry, USD at the mark price; > 0 = a gain'
    return udfs.POSITIONPNL(contracts, entry_price, mark_price, contract_size, inverse)


@func
@arg('assets', ndim=2, doc='Asset names, one per row')
@arg('spot_values', ndim=2, doc='Spot values, USD, one per asset')
@arg('futures_notionals', ndim=2, doc='Existing futures, signed USD, one per asset (blank = 0)')
@arg('target_weights', ndim=2, doc='Target weights, fractions, one per asset')
@arg('prices', ndim=2, doc='Contract prices, USD, one per asset')
@arg('contract_sizes', ndim=2, doc='Coins per contract, one per asset (blank = 1)')
@arg('lot_sizes', ndim=2, doc='Order steps in contracts, one per asset (blank = none)')
@arg('inverse', ndim=2, doc='TRUE for each asset hedged with an inverse contract (blank = linear)')
def REBALANCE(assets, spot_values, futures_notionals, target_weights, prices, contract_sizes=None, lot_sizes=None, inverse=None):
    'Rebalance table: asset, current weight, target weight, trade notional, side, contracts, post-trade weight'
    return udfs.REBALANCE(assets, spot_values, futures_notionals, target_weights, prices, contract_sizes, lot_sizes, inverse)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('near_price', ndim=2, doc='Price of the expiring contract, USD')
@arg('far_price', ndim=2, doc='Price of the next contract, USD')
@arg('fee_rate', ndim=2, doc='Fee per trade, fraction of notional (0.05% = 0.0005)')
@arg('slippage_bps', ndim=2, doc='Slippage per trade, basis points')
def ROLLCOST(notional, near_price, far_price, fee_rate=None, slippage_bps=None):
    'Cost of rolling a dated position to the next expiry: spread + fees + slippage; positive = you pay'
    return udfs.ROLLCOST(notional, near_price, far_price, fee_rate, slippage_bps)


@func
@arg('days', ndim=2, doc='Horizon, days')
@arg('days_to_expiry', ndim=2, doc='Days until the future expires (> 0)')
def ROLLCOUNT(days, days_to_expiry):
    'Times a dated hedge held for days is rolled into the next contract: ceil(days / days to expiry) - 1'
    return udfs.ROLLCOUNT(days, days_to_expiry)


@func
@arg('trade_value', ndim=2, doc='Value traded, signed USD (negative = sell)')
@arg('price', ndim=2, doc='Price of the contract, USD per coin (> 0)')
@arg('cost_basis', ndim=2, doc='Average purchase price, USD per coin')
@arg('fee_rate', ndim=2, doc='Fee per trade, fraction of notional (0.05% = 0.0005)')
@arg('slippage_bps', ndim=2, doc='Slippage per trade, basis points')
@arg('tax_rate', ndim=2, doc='Tax on realized gains (25% = 0.25)')
@arg('hedge_ratio', ndim=2, doc='Hedge ratio beta: USD of hedge per USD of exposure (blank = 1; futures count as notional / beta)')
def SPOTREBALCOST(trade_value, price, cost_basis, fee_rate=None, slippage_bps=None, tax_rate=None, hedge_ratio=None):
    'Cost of rebalancing in spot: fees + slippage + tax on the realized gain; positive = you pay. A blank row gives a blank cell'
    return udfs.SPOTREBALCOST(trade_value, price, cost_basis, fee_rate, slippage_bps, tax_rate, hedge_ratio)


@func
@arg('spot_value', ndim=2, doc='Value of the coins held, USD')
@arg('futures_notional', ndim=2, doc='Futures position, signed USD (negative = short)')
@arg('shock', ndim=2, doc='Relative price move (-20% = -0.2)')
@arg('order_notional', ndim=2, doc="Optional: the order's notional, signed USD, added to the futures (blank = none)")
def STRESSPNL(spot_value, futures_notional, shock, order_notional=None):
    'Profit and loss of the net position for a relative price move: a column of positions by a row of moves gives the table; a blank row gives blank cells'
    return udfs.STRESSPNL(spot_value, futures_notional, shock, order_notional)


@func
@arg('notional', ndim=2, doc='Position notional, signed USD (negative = short)')
@arg('funding_rate', ndim=2, doc='Funding rate per interval (0.01% = 0.0001); positive = longs pay shorts')
@arg('spot_price', ndim=2, doc='Spot (index) price, USD')
@arg('futures_price', ndim=2, doc='Futures price, USD')
@arg('days_to_expiry', ndim=2, doc='Days until the future expires (> 0)')
@arg('interval_hours', ndim=2, doc='Funding interval, hours (8, 4, 1...); blank = unknown, the result is #N/A')
@arg('fee_rate', ndim=2, doc='Fee per trade, fraction of notional (0.05% = 0.0005)')
@arg('slippage_bps', ndim=2, doc='Slippage per trade, basis points')
def SWITCHGAIN(notional, funding_rate, spot_price, futures_price, days_to_expiry, interval_hours=None, fee_rate=None, slippage_bps=None):
    'Money saved by moving a perpetual hedge into the dated future until expiry; positive = switch'
    return udfs.SWITCHGAIN(notional, funding_rate, spot_price, futures_price, days_to_expiry, interval_hours, fee_rate, slippage_bps)

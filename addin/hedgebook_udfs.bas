Function ANNUALIZEDBASIS(spot_price, futures_price, expiry, Optional as_of)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        ANNUALIZEDBASIS = XLPy.CallUDF("hedgebook.excel.udfs", "ANNUALIZEDBASIS", Array(spot_price, futures_price, expiry, as_of), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        ANNUALIZEDBASIS = XLPy.CallUDF("hedgebook.excel.udfs", "ANNUALIZEDBASIS", Array(spot_price, futures_price, expiry, as_of))
        Exit Function
    #End If
failed:
    ANNUALIZEDBASIS = Err.Description
End Function

Function BASIS(spot_price, futures_price, Optional as_fraction)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        BASIS = XLPy.CallUDF("hedgebook.excel.udfs", "BASIS", Array(spot_price, futures_price, as_fraction), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        BASIS = XLPy.CallUDF("hedgebook.excel.udfs", "BASIS", Array(spot_price, futures_price, as_fraction))
        Exit Function
    #End If
failed:
    BASIS = Err.Description
End Function

Function BASISVOL(spot_prices, futures_prices)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        BASISVOL = XLPy.CallUDF("hedgebook.excel.udfs", "BASISVOL", Array(spot_prices, futures_prices), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        BASISVOL = XLPy.CallUDF("hedgebook.excel.udfs", "BASISVOL", Array(spot_prices, futures_prices))
        Exit Function
    #End If
failed:
    BASISVOL = Err.Description
End Function

Function DATEDCARRY(notional, spot_price, futures_price, days, days_to_expiry)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DATEDCARRY = XLPy.CallUDF("hedgebook.excel.udfs", "DATEDCARRY", Array(notional, spot_price, futures_price, days, days_to_expiry), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        DATEDCARRY = XLPy.CallUDF("hedgebook.excel.udfs", "DATEDCARRY", Array(notional, spot_price, futures_price, days, days_to_expiry))
        Exit Function
    #End If
failed:
    DATEDCARRY = Err.Description
End Function

Function DATEDHEDGECOST(notional, spot_price, futures_price, days, days_to_expiry, Optional fee_rate, Optional slippage_bps)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        DATEDHEDGECOST = XLPy.CallUDF("hedgebook.excel.udfs", "DATEDHEDGECOST", Array(notional, spot_price, futures_price, days, days_to_expiry, fee_rate, slippage_bps), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        DATEDHEDGECOST = XLPy.CallUDF("hedgebook.excel.udfs", "DATEDHEDGECOST", Array(notional, spot_price, futures_price, days, days_to_expiry, fee_rate, slippage_bps))
        Exit Function
    #End If
failed:
    DATEDHEDGECOST = Err.Description
End Function

Function ENTRYAFTER(held_contracts, held_entry, order_contracts, price, Optional contract_size, Optional inverse)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        ENTRYAFTER = XLPy.CallUDF("hedgebook.excel.udfs", "ENTRYAFTER", Array(held_contracts, held_entry, order_contracts, price, contract_size, inverse), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        ENTRYAFTER = XLPy.CallUDF("hedgebook.excel.udfs", "ENTRYAFTER", Array(held_contracts, held_entry, order_contracts, price, contract_size, inverse))
        Exit Function
    #End If
failed:
    ENTRYAFTER = Err.Description
End Function

Function EXPECTEDFUNDING(notional, funding_rates, intervals, days, Optional deviations)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        EXPECTEDFUNDING = XLPy.CallUDF("hedgebook.excel.udfs", "EXPECTEDFUNDING", Array(notional, funding_rates, intervals, days, deviations), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        EXPECTEDFUNDING = XLPy.CallUDF("hedgebook.excel.udfs", "EXPECTEDFUNDING", Array(notional, funding_rates, intervals, days, deviations))
        Exit Function
    #End If
failed:
    EXPECTEDFUNDING = Err.Description
End Function

Function FUNDINGAPR(funding_rate, Optional interval_hours)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        FUNDINGAPR = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGAPR", Array(funding_rate, interval_hours), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        FUNDINGAPR = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGAPR", Array(funding_rate, interval_hours))
        Exit Function
    #End If
failed:
    FUNDINGAPR = Err.Description
End Function

Function FUNDINGAPRMEAN(funding_rates, intervals)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        FUNDINGAPRMEAN = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGAPRMEAN", Array(funding_rates, intervals), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        FUNDINGAPRMEAN = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGAPRMEAN", Array(funding_rates, intervals))
        Exit Function
    #End If
failed:
    FUNDINGAPRMEAN = Err.Description
End Function

Function FUNDINGAPRVOL(funding_rates, intervals)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        FUNDINGAPRVOL = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGAPRVOL", Array(funding_rates, intervals), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        FUNDINGAPRVOL = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGAPRVOL", Array(funding_rates, intervals))
        Exit Function
    #End If
failed:
    FUNDINGAPRVOL = Err.Description
End Function

Function FUNDINGCOST(notional, funding_rate, days, Optional interval_hours)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        FUNDINGCOST = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGCOST", Array(notional, funding_rate, days, interval_hours), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        FUNDINGCOST = XLPy.CallUDF("hedgebook.excel.udfs", "FUNDINGCOST", Array(notional, funding_rate, days, interval_hours))
        Exit Function
    #End If
failed:
    FUNDINGCOST = Err.Description
End Function

Function FUTREBALCOST(notional, funding_rate, days, Optional interval_hours, Optional fee_rate, Optional slippage_bps, Optional basis_cost)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        FUTREBALCOST = XLPy.CallUDF("hedgebook.excel.udfs", "FUTREBALCOST", Array(notional, funding_rate, days, interval_hours, fee_rate, slippage_bps, basis_cost), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        FUTREBALCOST = XLPy.CallUDF("hedgebook.excel.udfs", "FUTREBALCOST", Array(notional, funding_rate, days, interval_hours, fee_rate, slippage_bps, basis_cost))
        Exit Function
    #End If
failed:
    FUTREBALCOST = Err.Description
End Function

Function HEDGEEFFECTIVENESS(spot_prices, hedge_prices)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HEDGEEFFECTIVENESS = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGEEFFECTIVENESS", Array(spot_prices, hedge_prices), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HEDGEEFFECTIVENESS = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGEEFFECTIVENESS", Array(spot_prices, hedge_prices))
        Exit Function
    #End If
failed:
    HEDGEEFFECTIVENESS = Err.Description
End Function

Function HEDGENOTIONAL(current_exposure, target_weight, portfolio_value, Optional hedge_ratio)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HEDGENOTIONAL = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGENOTIONAL", Array(current_exposure, target_weight, portfolio_value, hedge_ratio), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HEDGENOTIONAL = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGENOTIONAL", Array(current_exposure, target_weight, portfolio_value, hedge_ratio))
        Exit Function
    #End If
failed:
    HEDGENOTIONAL = Err.Description
End Function

Function HEDGERATIO(spot_prices, hedge_prices)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HEDGERATIO = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGERATIO", Array(spot_prices, hedge_prices), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HEDGERATIO = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGERATIO", Array(spot_prices, hedge_prices))
        Exit Function
    #End If
failed:
    HEDGERATIO = Err.Description
End Function

Function HEDGESIZE(current_exposure, target_weight, portfolio_value, price, Optional contract_size, Optional lot_size, Optional inverse, Optional hedge_ratio)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HEDGESIZE = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGESIZE", Array(current_exposure, target_weight, portfolio_value, price, contract_size, lot_size, inverse, hedge_ratio), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HEDGESIZE = XLPy.CallUDF("hedgebook.excel.udfs", "HEDGESIZE", Array(current_exposure, target_weight, portfolio_value, price, contract_size, lot_size, inverse, hedge_ratio))
        Exit Function
    #End If
failed:
    HEDGESIZE = Err.Description
End Function

Function HISTORYFIT(history, rows, days)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HISTORYFIT = XLPy.CallUDF("hedgebook.excel.udfs", "HISTORYFIT", Array(history, rows, days), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HISTORYFIT = XLPy.CallUDF("hedgebook.excel.udfs", "HISTORYFIT", Array(history, rows, days))
        Exit Function
    #End If
failed:
    HISTORYFIT = Err.Description
End Function

Function HISTORYFUNDING(history, notional, horizon_days, days)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HISTORYFUNDING = XLPy.CallUDF("hedgebook.excel.udfs", "HISTORYFUNDING", Array(history, notional, horizon_days, days), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HISTORYFUNDING = XLPy.CallUDF("hedgebook.excel.udfs", "HISTORYFUNDING", Array(history, notional, horizon_days, days))
        Exit Function
    #End If
failed:
    HISTORYFUNDING = Err.Description
End Function

Function HISTORYFUNDINGAPR(history, rows, days, Optional recent_days)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        HISTORYFUNDINGAPR = XLPy.CallUDF("hedgebook.excel.udfs", "HISTORYFUNDINGAPR", Array(history, rows, days, recent_days), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        HISTORYFUNDINGAPR = XLPy.CallUDF("hedgebook.excel.udfs", "HISTORYFUNDINGAPR", Array(history, rows, days, recent_days))
        Exit Function
    #End If
failed:
    HISTORYFUNDINGAPR = Err.Description
End Function

Function LIQPRICE(entry_price, quantity, collateral, Optional maint_margin_rate, Optional maint_amount, Optional contract_size, Optional tier_caps, Optional tier_rates)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        LIQPRICE = XLPy.CallUDF("hedgebook.excel.udfs", "LIQPRICE", Array(entry_price, quantity, collateral, maint_margin_rate, maint_amount, contract_size, tier_caps, tier_rates), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        LIQPRICE = XLPy.CallUDF("hedgebook.excel.udfs", "LIQPRICE", Array(entry_price, quantity, collateral, maint_margin_rate, maint_amount, contract_size, tier_caps, tier_rates))
        Exit Function
    #End If
failed:
    LIQPRICE = Err.Description
End Function

Function MAINTRATE(notional, Optional tier_caps, Optional tier_rates, Optional default_rate)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        MAINTRATE = XLPy.CallUDF("hedgebook.excel.udfs", "MAINTRATE", Array(notional, tier_caps, tier_rates, default_rate), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        MAINTRATE = XLPy.CallUDF("hedgebook.excel.udfs", "MAINTRATE", Array(notional, tier_caps, tier_rates, default_rate))
        Exit Function
    #End If
failed:
    MAINTRATE = Err.Description
End Function

Function MARGIN(notional, leverage, Optional tier_caps, Optional tier_leverages)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        MARGIN = XLPy.CallUDF("hedgebook.excel.udfs", "MARGIN", Array(notional, leverage, tier_caps, tier_leverages), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        MARGIN = XLPy.CallUDF("hedgebook.excel.udfs", "MARGIN", Array(notional, leverage, tier_caps, tier_leverages))
        Exit Function
    #End If
failed:
    MARGIN = Err.Description
End Function

Function MARGINAFTER(held_contracts, held_entry, held_margin, order_contracts, price, leverage, Optional contract_size, Optional inverse, Optional tier_caps, Optional tier_leverages)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        MARGINAFTER = XLPy.CallUDF("hedgebook.excel.udfs", "MARGINAFTER", Array(held_contracts, held_entry, held_margin, order_contracts, price, leverage, contract_size, inverse, tier_caps, tier_leverages), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        MARGINAFTER = XLPy.CallUDF("hedgebook.excel.udfs", "MARGINAFTER", Array(held_contracts, held_entry, held_margin, order_contracts, price, leverage, contract_size, inverse, tier_caps, tier_leverages))
        Exit Function
    #End If
failed:
    MARGINAFTER = Err.Description
End Function

Function NETEXPOSURE(spot_value, futures_notional, Optional portfolio_value, Optional hedge_ratio, Optional order_notional)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        NETEXPOSURE = XLPy.CallUDF("hedgebook.excel.udfs", "NETEXPOSURE", Array(spot_value, futures_notional, portfolio_value, hedge_ratio, order_notional), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        NETEXPOSURE = XLPy.CallUDF("hedgebook.excel.udfs", "NETEXPOSURE", Array(spot_value, futures_notional, portfolio_value, hedge_ratio, order_notional))
        Exit Function
    #End If
failed:
    NETEXPOSURE = Err.Description
End Function

Function POSITIONNOTIONAL(contracts, mark_price, Optional contract_size, Optional inverse)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        POSITIONNOTIONAL = XLPy.CallUDF("hedgebook.excel.udfs", "POSITIONNOTIONAL", Array(contracts, mark_price, contract_size, inverse), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        POSITIONNOTIONAL = XLPy.CallUDF("hedgebook.excel.udfs", "POSITIONNOTIONAL", Array(contracts, mark_price, contract_size, inverse))
        Exit Function
    #End If
failed:
    POSITIONNOTIONAL = Err.Description
End Function

Function POSITIONPNL(contracts, entry_price, mark_price, Optional contract_size, Optional inverse)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        POSITIONPNL = XLPy.CallUDF("hedgebook.excel.udfs", "POSITIONPNL", Array(contracts, entry_price, mark_price, contract_size, inverse), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        POSITIONPNL = XLPy.CallUDF("hedgebook.excel.udfs", "POSITIONPNL", Array(contracts, entry_price, mark_price, contract_size, inverse))
        Exit Function
    #End If
failed:
    POSITIONPNL = Err.Description
End Function

Function REBALANCE(assets, spot_values, futures_notionals, target_weights, prices, Optional contract_sizes, Optional lot_sizes, Optional inverse)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        REBALANCE = XLPy.CallUDF("hedgebook.excel.udfs", "REBALANCE", Array(assets, spot_values, futures_notionals, target_weights, prices, contract_sizes, lot_sizes, inverse), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        REBALANCE = XLPy.CallUDF("hedgebook.excel.udfs", "REBALANCE", Array(assets, spot_values, futures_notionals, target_weights, prices, contract_sizes, lot_sizes, inverse))
        Exit Function
    #End If
failed:
    REBALANCE = Err.Description
End Function

Function ROLLCOST(notional, near_price, far_price, Optional fee_rate, Optional slippage_bps)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        ROLLCOST = XLPy.CallUDF("hedgebook.excel.udfs", "ROLLCOST", Array(notional, near_price, far_price, fee_rate, slippage_bps), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        ROLLCOST = XLPy.CallUDF("hedgebook.excel.udfs", "ROLLCOST", Array(notional, near_price, far_price, fee_rate, slippage_bps))
        Exit Function
    #End If
failed:
    ROLLCOST = Err.Description
End Function

Function ROLLCOUNT(days, days_to_expiry)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        ROLLCOUNT = XLPy.CallUDF("hedgebook.excel.udfs", "ROLLCOUNT", Array(days, days_to_expiry), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        ROLLCOUNT = XLPy.CallUDF("hedgebook.excel.udfs", "ROLLCOUNT", Array(days, days_to_expiry))
        Exit Function
    #End If
failed:
    ROLLCOUNT = Err.Description
End Function

Function SPOTREBALCOST(trade_value, price, cost_basis, Optional fee_rate, Optional slippage_bps, Optional tax_rate, Optional hedge_ratio)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        SPOTREBALCOST = XLPy.CallUDF("hedgebook.excel.udfs", "SPOTREBALCOST", Array(trade_value, price, cost_basis, fee_rate, slippage_bps, tax_rate, hedge_ratio), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        SPOTREBALCOST = XLPy.CallUDF("hedgebook.excel.udfs", "SPOTREBALCOST", Array(trade_value, price, cost_basis, fee_rate, slippage_bps, tax_rate, hedge_ratio))
        Exit Function
    #End If
failed:
    SPOTREBALCOST = Err.Description
End Function

Function STRESSPNL(spot_value, futures_notional, shock, Optional order_notional)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        STRESSPNL = XLPy.CallUDF("hedgebook.excel.udfs", "STRESSPNL", Array(spot_value, futures_notional, shock, order_notional), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        STRESSPNL = XLPy.CallUDF("hedgebook.excel.udfs", "STRESSPNL", Array(spot_value, futures_notional, shock, order_notional))
        Exit Function
    #End If
failed:
    STRESSPNL = Err.Description
End Function

Function SWITCHGAIN(notional, funding_rate, spot_price, futures_price, days_to_expiry, Optional interval_hours, Optional fee_rate, Optional slippage_bps)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        SWITCHGAIN = XLPy.CallUDF("hedgebook.excel.udfs", "SWITCHGAIN", Array(notional, funding_rate, spot_price, futures_price, days_to_expiry, interval_hours, fee_rate, slippage_bps), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        SWITCHGAIN = XLPy.CallUDF("hedgebook.excel.udfs", "SWITCHGAIN", Array(notional, funding_rate, spot_price, futures_price, days_to_expiry, interval_hours, fee_rate, slippage_bps))
        Exit Function
    #End If
failed:
    SWITCHGAIN = Err.Description
End Function


using RecoveryRules.Symbols;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// Amounts in a replay report, printed by <see cref="DecisionDisplay.Money"/> with at least the currency's minor-unit
/// decimals (<c>0.00 USD</c>, <c>5.00 USD</c> for a hand-written <c>5.0</c>, <c>300 JPY</c>), so every amount of a
/// currency lines up whatever the records wrote.
/// </summary>
internal static class ReplayMoney
{
    /// <summary>The amount with its currency: <c>80.00 USD</c>.</summary>
    public static string Format(decimal amount, string currency) => DecisionDisplay.Money(WithMinorUnits(amount, currency), currency);

    /// <summary>The amount with its sign always written: <c>+20.00 USD</c>, <c>-5.00 USD</c>, <c>0.00 USD</c>.</summary>
    public static string Signed(decimal amount, string currency) => amount > 0 ? "+" + Format(amount, currency) : Format(amount, currency);

    private static decimal WithMinorUnits(decimal amount, string currency)
    {
        // Adding a zero of scale n gives the amount at least n decimals, exactly (and turns -0 into 0).
        var minor = Currencies.MinorUnit(currency);
        return amount.Scale >= minor ? amount + 0m : amount + new decimal(0, 0, 0, false, (byte)minor);
    }
}

using RecoveryRules.Symbols;

namespace RecoveryRules.Testing.Running;

/// <summary>
/// How values are printed in mismatches, through DecisionDisplay (the one way values are printed in
/// explanations, test failures and replay differences): money with the currency's minor unit (an expected
/// 80 reads 80.00 USD, like the decision's), durations compact, lists in brackets.
/// </summary>
internal static class ScenarioText
{
    public const string None = "none";

    public static string Money(decimal amount, string currency)
    {
        var digits = Currencies.MinorUnit(currency);
        var shown = amount.Scale <= digits ? Currencies.Round(amount, digits) : amount;
        return DecisionDisplay.Money(shown, currency);
    }

    public static string Money(decimal? amount, string currency) => amount is { } value ? Money(value, currency) : None;

    public static string Duration(TimeSpan span) => DecisionDisplay.Duration(span);

    public static string Duration(TimeSpan? span) => span is { } value ? Duration(value) : None;

    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    /// <summary>Notes are sentences: each quoted, so commas inside them do not read as separators.</summary>
    public static string QuotedList(IEnumerable<string> items) =>
        "[" + string.Join(", ", items.Select(i => "\"" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";
}

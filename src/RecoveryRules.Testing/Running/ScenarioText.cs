using System.Globalization;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;

namespace RecoveryRules.Testing.Running;

/// <summary>How values are printed in mismatches: money with the currency's minor unit, durations compact, lists in brackets.</summary>
internal static class ScenarioText
{
    public const string None = "none";

    public static string Money(decimal amount, string currency)
    {
        var digits = Currencies.MinorUnit(currency);
        var shown = amount.Scale <= digits ? Currencies.Round(amount, digits) : amount;
        return shown.ToString(CultureInfo.InvariantCulture) + " " + currency;
    }

    public static string Money(decimal? amount, string currency) => amount is { } value ? Money(value, currency) : None;

    public static string Duration(TimeSpan span) => Durations.ToCompact(Durations.FromTimeSpan(span));

    public static string Duration(TimeSpan? span) => span is { } value ? Duration(value) : None;

    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    /// <summary>Notes are sentences: each quoted, so commas inside them do not read as separators.</summary>
    public static string QuotedList(IEnumerable<string> items) =>
        "[" + string.Join(", ", items.Select(i => "\"" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";
}

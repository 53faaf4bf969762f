using System.Globalization;
using System.Xml;

namespace RecoveryRules.Parsing;

/// <summary>
/// Durations, culture-free, as exact decimal seconds: the compact form <c>1w2d3h4m5s</c>
/// (lower-case units in that order, each at most once, decimals allowed) and ISO 8601
/// <c>PnW</c> / <c>PnDTnHnMnS</c> (no years or months). Never negative.
/// </summary>
internal static class Durations
{
    private static readonly decimal[] UnitSeconds = [604800m, 86400m, 3600m, 60m, 1m];

    public static bool TryParse(string text, out decimal seconds) =>
        TryParseCompact(text, out seconds) || TryParseIso(text, out seconds);

    private static readonly decimal[] DateUnitSeconds = [604800m, 86400m];
    private static readonly decimal[] TimeUnitSeconds = [3600m, 60m, 1m];

    /// <summary>The compact form, parsed by hand (it is on every case's path): <c>1w2d3h4m5s</c>, units in that order, each at most once.</summary>
    public static bool TryParseCompact(string text, out decimal seconds)
    {
        seconds = 0;
        return TryParseUnits(text, "wdhms", UnitSeconds, ref seconds, out var any) && any;
    }

    /// <summary>ISO 8601 without years or months, parsed by hand: <c>PnW</c>, <c>PnD</c>, <c>PTnHnMnS</c>, <c>PnDTnH</c>…; decimals allowed.</summary>
    public static bool TryParseIso(string text, out decimal seconds)
    {
        seconds = 0;
        if (text.Length < 3 || text[0] != 'P')
        {
            return false;
        }

        var t = text.IndexOf('T', StringComparison.Ordinal);
        var date = t < 0 ? text.AsSpan(1) : text.AsSpan(1, t - 1);
        var time = t < 0 ? [] : text.AsSpan(t + 1);
        if (!TryParseUnits(date, "WD", DateUnitSeconds, ref seconds, out var anyDate)
            || !TryParseUnits(time, "HMS", TimeUnitSeconds, ref seconds, out var anyTime))
        {
            return false;
        }

        return t < 0 ? anyDate : anyTime; // "PT" alone, or "P1DT", is not a duration
    }

    /// <summary>Reads <c>number unit</c> pairs with units from <paramref name="units"/>, in that order, each at most once.</summary>
    private static bool TryParseUnits(ReadOnlySpan<char> text, string units, decimal[] unitSeconds, ref decimal seconds, out bool any)
    {
        any = false;
        var position = 0;
        var lastUnit = -1;
        while (position < text.Length)
        {
            var start = position;
            var digitsBefore = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
                digitsBefore++;
            }

            if (position < text.Length && text[position] == '.')
            {
                position++;
                var digitsAfter = 0;
                while (position < text.Length && char.IsAsciiDigit(text[position]))
                {
                    position++;
                    digitsAfter++;
                }

                if (digitsAfter == 0)
                {
                    return false;
                }
            }
            else if (digitsBefore == 0)
            {
                return false;
            }

            if (position >= text.Length)
            {
                return false;
            }

            var unit = units.IndexOf(text[position], StringComparison.Ordinal);
            if (unit <= lastUnit
                || !decimal.TryParse(text[start..position], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            seconds += value * unitSeconds[unit];
            lastUnit = unit;
            any = true;
            position++;
        }

        return true;
    }

    /// <summary>Formats seconds as ISO 8601 (<c>PT1H</c>, <c>P1D</c>, <c>PT1H30M</c>).</summary>
    public static string ToIso(decimal seconds) => XmlConvert.ToString(ToTimeSpan(seconds));

    public static TimeSpan ToTimeSpan(decimal seconds) => TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));

    public static decimal FromTimeSpan(TimeSpan span) => (decimal)span.Ticks / TimeSpan.TicksPerSecond;

    /// <summary>Formats seconds in the compact form, largest units first (<c>1h30m</c>).</summary>
    public static string ToCompact(decimal seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        var builder = new System.Text.StringBuilder();
        var rest = seconds;
        ReadOnlySpan<char> units = ['w', 'd', 'h', 'm', 's'];
        for (var i = 0; i < UnitSeconds.Length; i++)
        {
            var whole = i == UnitSeconds.Length - 1 ? rest / UnitSeconds[i] : decimal.Truncate(rest / UnitSeconds[i]);
            if (whole != 0)
            {
                builder.Append(whole.ToString(CultureInfo.InvariantCulture)).Append(units[i]);
                rest -= whole * UnitSeconds[i];
            }
        }

        return builder.ToString();
    }
}

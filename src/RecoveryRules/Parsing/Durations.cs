using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace RecoveryRules.Parsing;

/// <summary>
/// Durations, culture-free, as exact decimal seconds: the compact form <c>1w2d3h4m5s</c>
/// (lower-case units in that order, each at most once, decimals allowed) and ISO 8601
/// <c>PnW</c> / <c>PnDTnHnMnS</c> (no years or months). Never negative.
/// </summary>
internal static partial class Durations
{
    private static readonly decimal[] UnitSeconds = [604800m, 86400m, 3600m, 60m, 1m];

    public static bool TryParse(string text, out decimal seconds) =>
        TryParseCompact(text, out seconds) || TryParseIso(text, out seconds);

    /// <summary>The compact form, parsed by hand (it is on every case's path): <c>1w2d3h4m5s</c>, units in that order, each at most once.</summary>
    public static bool TryParseCompact(string text, out decimal seconds)
    {
        seconds = 0;
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

            var unit = text[position] switch
            {
                'w' => 0,
                'd' => 1,
                'h' => 2,
                'm' => 3,
                's' => 4,
                _ => -1,
            };
            if (unit <= lastUnit
                || !decimal.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            seconds += value * UnitSeconds[unit];
            lastUnit = unit;
            position++;
        }

        return lastUnit >= 0;
    }

    public static bool TryParseIso(string text, out decimal seconds) => TryMatch(Iso().Match(text), out seconds);

    private static bool TryMatch(Match match, out decimal seconds)
    {
        seconds = 0;
        if (!match.Success)
        {
            return false;
        }

        var any = false;
        for (var i = 0; i < UnitSeconds.Length; i++)
        {
            var group = match.Groups[i + 1];
            if (!group.Success)
            {
                continue;
            }

            if (!decimal.TryParse(group.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            seconds += value * UnitSeconds[i];
            any = true;
        }

        return any;
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

    private const string Num = @"(\d+(?:\.\d+)?|\.\d+)";


    [GeneratedRegex("^P(?!$)(?:" + Num + "W)?(?:" + Num + "D)?(?:T(?=.)(?:" + Num + "H)?(?:" + Num + "M)?(?:" + Num + "S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();
}

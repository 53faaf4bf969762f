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
    private static readonly decimal[] DateUnitSeconds = [604800m, 86400m];
    private static readonly decimal[] TimeUnitSeconds = [3600m, 60m, 1m];

    /// <summary>Parses either form; never throws.</summary>
    /// <returns><see langword="false"/> for text that is not a duration and for a duration too large to hold (see <see cref="Parse"/> to tell them apart).</returns>
    public static bool TryParse(string text, out decimal seconds) => Parse(text, out seconds) == DurationParse.Valid;

    /// <summary>The compact form, parsed by hand (it is on every case's path): <c>1w2d3h4m5s</c>, units in that order, each at most once; never throws.</summary>
    public static bool TryParseCompact(string text, out decimal seconds) => ParseCompact(text, out seconds) == DurationParse.Valid;

    /// <summary>ISO 8601 without years or months, parsed by hand: <c>PnW</c>, <c>PnD</c>, <c>PTnHnMnS</c>, <c>PnDTnH</c>…; decimals allowed; never throws.</summary>
    public static bool TryParseIso(string text, out decimal seconds) => ParseIso(text, out seconds) == DurationParse.Valid;

    /// <summary>Parses either form, telling a malformed text from a duration too large to hold in decimal seconds; never throws.</summary>
    /// <param name="text">The text.</param>
    /// <param name="seconds">The seconds when <see cref="DurationParse.Valid"/>, 0 otherwise.</param>
    /// <returns>Whether the text is a duration, malformed, or too large.</returns>
    public static DurationParse Parse(string text, out decimal seconds)
    {
        var compact = ParseCompact(text, out seconds);
        return compact == DurationParse.Malformed ? ParseIso(text, out seconds) : compact;
    }

    /// <summary>The compact form (see <see cref="TryParseCompact"/>), telling malformed from too large; never throws.</summary>
    public static DurationParse ParseCompact(string text, out decimal seconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        seconds = 0;
        var result = ParseUnits(text, "wdhms", UnitSeconds, ref seconds, out var any);
        if (result == DurationParse.Valid && !any)
        {
            result = DurationParse.Malformed;
        }

        if (result != DurationParse.Valid)
        {
            seconds = 0;
        }

        return result;
    }

    /// <summary>ISO 8601 (see <see cref="TryParseIso"/>), telling malformed from too large; never throws.</summary>
    public static DurationParse ParseIso(string text, out decimal seconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        seconds = 0;
        if (text.Length < 3 || text[0] != 'P')
        {
            return DurationParse.Malformed;
        }

        var t = text.IndexOf('T', StringComparison.Ordinal);
        var date = t < 0 ? text.AsSpan(1) : text.AsSpan(1, t - 1);
        var time = t < 0 ? [] : text.AsSpan(t + 1);
        var result = ParseUnits(date, "WD", DateUnitSeconds, ref seconds, out var anyDate);
        if (result == DurationParse.Valid)
        {
            result = ParseUnits(time, "HMS", TimeUnitSeconds, ref seconds, out var anyTime);
            if (result == DurationParse.Valid && !(t < 0 ? anyDate : anyTime))
            {
                result = DurationParse.Malformed; // "PT" alone, or "P1DT", is not a duration
            }
        }

        if (result != DurationParse.Valid)
        {
            seconds = 0;
        }

        return result;
    }

    /// <summary>
    /// Reads <c>number unit</c> pairs with units from <paramref name="units"/>, in that order, each at most once.
    /// The whole text is checked for form first, so a malformed text is never reported as too large.
    /// </summary>
    private static DurationParse ParseUnits(ReadOnlySpan<char> text, string units, decimal[] unitSeconds, ref decimal seconds, out bool any)
    {
        any = false;
        var tooLarge = false;
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
                    return DurationParse.Malformed;
                }
            }
            else if (digitsBefore == 0)
            {
                return DurationParse.Malformed;
            }

            if (position >= text.Length)
            {
                return DurationParse.Malformed;
            }

            var unit = units.IndexOf(text[position], StringComparison.Ordinal);
            if (unit <= lastUnit)
            {
                return DurationParse.Malformed;
            }

            // The digits are well formed, so a failed parse means more than decimal holds.
            if (tooLarge
                || !decimal.TryParse(text[start..position], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || value > (decimal.MaxValue - seconds) / unitSeconds[unit])
            {
                tooLarge = true;
            }
            else
            {
                try
                {
                    seconds += value * unitSeconds[unit];
                }
                catch (OverflowException)
                {
                    tooLarge = true; // the check above rounds; this catches the last few values at the edge
                }
            }

            lastUnit = unit;
            any = true;
            position++;
        }

        return tooLarge ? DurationParse.TooLarge : DurationParse.Valid;
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

/// <summary>What <see cref="Durations.Parse"/> found.</summary>
internal enum DurationParse
{
    /// <summary>A duration, within the range of decimal seconds.</summary>
    Valid,

    /// <summary>Not a duration at all.</summary>
    Malformed,

    /// <summary>A well-formed duration with more seconds than a decimal holds (about 7.9 × 10^28).</summary>
    TooLarge,
}

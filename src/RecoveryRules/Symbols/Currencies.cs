namespace RecoveryRules.Symbols;

/// <summary>ISO 4217: the active currency codes a policy may work in, and how many decimals each rounds to.</summary>
internal static class Currencies
{
    /// <summary>
    /// The active ISO 4217 codes of money that can be paid (docs/policy-language.md, "Currency"):
    /// every national and supranational currency and fund code in use, without the precious metals
    /// (XAU, XAG, XPD, XPT), the bond-market units (XBA–XBD), XTS (testing) and XXX (no currency),
    /// and without codes withdrawn (HRK, SLL, ZWL, ANG, BGN, CUC, MRO, STD, VEF…).
    /// </summary>
    public static IReadOnlySet<string> Active { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD", "BIF",
        "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF",
        "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
        "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES",
        "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
        "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR",
        "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN",
        "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE",
        "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD",
        "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV",
        "WST", "XAF", "XCD", "XCG", "XDR", "XOF", "XPF", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG",
    };

    /// <summary>Whether <paramref name="text"/> is an active ISO 4217 code (<see cref="Active"/>).</summary>
    public static bool IsActive(string text) => Active.Contains(text);

    private static readonly decimal[] Zeros = [0m, 0.0m, 0.00m, 0.000m];

    /// <summary>The number of decimals of the currency's minor unit (docs/policy-language.md §11, Rounding and minor units: 0 for JPY, KRW, VND, CLP, ISK; 3 for BHD, KWD, OMR, JOD, TND; 2 otherwise).</summary>
    public static int MinorUnit(string currency) => currency switch
    {
        "JPY" or "KRW" or "VND" or "CLP" or "ISK" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" => 3,
        _ => 2,
    };

    public static bool IsCurrencyCode(string text) => text.Length == 3 && text.All(char.IsAsciiLetterUpper);

    /// <summary>
    /// Rounds half away from zero to <paramref name="digits"/> decimals and gives the result exactly that many decimals (80 → 80.00).
    /// A non-negative value already at that scale, or with fewer decimals and a mantissa of at most 32 bits (a policy's
    /// <c>amount: 20</c>), takes a path without decimal arithmetic that gives the same value and the same scale, bit for bit.
    /// </summary>
    public static decimal Round(decimal value, int digits)
    {
        if (!decimal.IsNegative(value))
        {
            var scale = value.Scale;
            if (scale == digits)
            {
                return value;
            }

            var bits = default(DecimalBits);
            decimal.GetBits(value, bits);
            if (scale < digits && bits[1] == 0 && bits[2] == 0)
            {
                var mantissa = (ulong)(uint)bits[0] * TenTo[digits - scale];
                return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, false, (byte)digits);
            }
        }

        return Math.Round(value, digits, MidpointRounding.AwayFromZero) + Zeros[digits];
    }

    private static readonly ulong[] TenTo = [1, 10, 100, 1_000];

    /// <summary>The four integers of a decimal, on the stack without a <c>stackalloc</c>.</summary>
    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct DecimalBits
    {
        private int _element;
    }
}

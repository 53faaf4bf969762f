namespace RecoveryRules.Symbols;

/// <summary>ISO 4217 minor units: how many decimals money in a currency is rounded to.</summary>
internal static class Currencies
{
    private static readonly decimal[] Zeros = [0m, 0.0m, 0.00m, 0.000m];

    /// <summary>The number of decimals of the currency's minor unit (§9: 0 for JPY, KRW, VND, CLP, ISK; 3 for BHD, KWD, OMR, JOD, TND; 2 otherwise).</summary>
    public static int MinorUnit(string currency) => currency switch
    {
        "JPY" or "KRW" or "VND" or "CLP" or "ISK" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" => 3,
        _ => 2,
    };

    public static bool IsCurrencyCode(string text) => text.Length == 3 && text.All(char.IsAsciiLetterUpper);

    /// <summary>Rounds half away from zero to <paramref name="digits"/> decimals and gives the result exactly that many decimals (80 → 80.00).</summary>
    public static decimal Round(decimal value, int digits) =>
        Math.Round(value, digits, MidpointRounding.AwayFromZero) + Zeros[digits];
}

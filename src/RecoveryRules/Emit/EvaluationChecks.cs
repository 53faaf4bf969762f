using RecoveryRules.Diagnostics;

namespace RecoveryRules.Emit;

/// <summary>The checks the compiled program calls where a case's values can make an expression fail.</summary>
internal static class EvaluationChecks
{
    private static readonly decimal[] Zeros = [0m, 0.0m, 0.00m, 0.000m];

    public static decimal Divide(decimal dividend, decimal divisor, int site) =>
        divisor == 0 ? throw new EvaluationFailure(RecoveryDiagnostics.DivisionByZero, site) : dividend / divisor;

    public static decimal Clamp(decimal value, decimal low, decimal high, int site) =>
        low > high
            ? throw new EvaluationFailure(RecoveryDiagnostics.ClampBounds, site, low, high)
            : Math.Min(Math.Max(value, low), high);

    /// <summary>Rounds money half away from zero to the minor unit (keeping exactly that many decimals) and rejects negatives.</summary>
    public static decimal Amount(decimal value, int digits, int site)
    {
        var rounded = value.Scale == digits && !decimal.IsNegative(value) ? value
            : TryWiden(value, digits, out var widened) ? widened
            : Math.Round(value, digits, MidpointRounding.AwayFromZero) + Zeros[digits];
        return rounded < 0 ? throw new EvaluationFailure(RecoveryDiagnostics.NegativeAmount, site, rounded) : rounded;
    }

    /// <summary>
    /// A non-negative amount with fewer decimals than the minor unit and a mantissa of at most 32 bits (a policy's
    /// <c>amount: 20</c>), given exactly <paramref name="digits"/> decimals without decimal arithmetic: the same
    /// value and scale as rounding and adding <c>0.00</c> gives (docs/performance.md, "Per case").
    /// </summary>
    private static bool TryWiden(decimal value, int digits, out decimal widened)
    {
        var scale = value.Scale;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (scale < digits && bits[1] == 0 && bits[2] == 0 && bits[3] >= 0)
        {
            var mantissa = (ulong)(uint)bits[0] * TenTo[digits - scale];
            widened = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, false, (byte)digits);
            return true;
        }

        widened = default;
        return false;
    }

    private static readonly ulong[] TenTo = [1, 10, 100, 1_000];

    public static decimal RoundWhole(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);
}

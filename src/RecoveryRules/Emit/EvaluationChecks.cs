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
        var rounded = Math.Round(value, digits, MidpointRounding.AwayFromZero) + Zeros[digits];
        return rounded < 0 ? throw new EvaluationFailure(RecoveryDiagnostics.NegativeAmount, site, rounded) : rounded;
    }

    public static decimal RoundWhole(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);
}

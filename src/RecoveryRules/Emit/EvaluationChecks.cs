using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// The checks the compiled program calls where a case's values can make an expression fail. A division is
/// <see cref="ScaledDecimal.Divide"/> (docs/design.md §24): the same quotient, scale and failures as System.Decimal's.
/// </summary>
internal static class EvaluationChecks
{
    public static decimal Divide(decimal dividend, decimal divisor, int site) =>
        ScaledDecimal.IsZero(divisor) ? throw new EvaluationFailure(RecoveryDiagnostics.DivisionByZero, site) : ScaledDecimal.Divide(dividend, divisor);

    public static decimal Clamp(decimal value, decimal low, decimal high, int site) =>
        low > high
            ? throw new EvaluationFailure(RecoveryDiagnostics.ClampBounds, site, low, high)
            : Math.Min(Math.Max(value, low), high);

    /// <summary>Rounds money half away from zero to the minor unit (keeping exactly that many decimals) and rejects negatives.</summary>
    public static decimal Amount(decimal value, int digits, int site)
    {
        var rounded = Currencies.Round(value, digits);
        return decimal.IsNegative(rounded) && rounded != 0m ? throw new EvaluationFailure(RecoveryDiagnostics.NegativeAmount, site, rounded) : rounded;
    }

    /// <summary>
    /// The amount of a literal (<c>voucher: 20</c>), computed once when the policy is compiled: what <see cref="Amount"/>
    /// gives for it in every case. <c>false</c> for anything else, and for a literal that <see cref="Amount"/> rejects
    /// (the program then computes it per case, so the case still gets its error).
    /// </summary>
    public static bool TryConstantAmount(BoundExpression? expression, int digits, out decimal amount)
    {
        if (expression is BoundLiteral { Value: decimal value })
        {
            var rounded = Currencies.Round(value, digits);
            if (!(decimal.IsNegative(rounded) && rounded != 0m))
            {
                amount = rounded;
                return true;
            }
        }

        amount = 0m;
        return false;
    }

    public static decimal RoundWhole(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);
}

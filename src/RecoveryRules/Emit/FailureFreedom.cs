using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// Which bound expressions can never fail for any case: no <c>OverflowException</c>, no division by zero, no clamp with
/// crossed bounds, no negative amount (docs/design.md §33). The IL program evaluates such a condition of a rule without
/// first testing the rule's earlier conditions (<see cref="ExpressionEmitter.TryEmitEager"/>): the value is the same, and
/// since it cannot fail, no case gets an error it did not get before. Conservative: "false" only means "not known".
/// </summary>
internal sealed class FailureFreedom
{
    private readonly Dictionary<DefineSymbol, bool> _defines = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="node"/> evaluates without failing for every case.</summary>
    public bool CannotFail(BoundExpression node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (node.Constant is not null)
        {
            return true; // known when the policy is bound, which reports one that overflows (RR0216)
        }

        switch (node)
        {
            case BoundLiteral or BoundFactReference:
                return true;
            case BoundDefineReference define:
                if (!_defines.TryGetValue(define.Define, out var free))
                {
                    _defines[define.Define] = false; // a cycle (the binder rejects them) is not failure-free
                    free = CannotFail(define.Body);
                    _defines[define.Define] = free;
                }

                return free;
            case BoundUnary unary:
                return CannotFail(unary.Operand); // not; a decimal negation only flips the sign
            case BoundBinary binary:
                return binary.Operator switch
                {
                    BoundBinaryOperator.And or BoundBinaryOperator.Or or (>= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual) =>
                        CannotFail(binary.Left) && CannotFail(binary.Right),
                    // p% of x with 0 <= p <= 100 is x times a factor of at most 1: never larger than x.
                    BoundBinaryOperator.PercentOf => ExpressionEmitter.TryPercentFactor(binary, out var factor) && factor >= 0m && factor <= 1m && CannotFail(binary.Right),
                    _ => false, // +, -, * can overflow
                };
            case BoundDivision division:
                // |a / b| <= |a| when |b| >= 1: no overflow, and b is not zero.
                return AtLeastOne(division.Right) && CannotFail(division.Left) && CannotFail(division.Right);
            case BoundDurationPart part:
                return CannotFail(part.Operand); // a division by 60, 3600 or 86400
            case BoundIn @in:
                return CannotFail(@in.Left) && @in.Items.All(CannotFail);
            case BoundCall call:
                return call.Function switch
                {
                    BuiltInFunctionKind.Clamp => call.Arguments[1].Constant is { } low && call.Arguments[2].Constant is { } high && low <= high
                        && call.Arguments.All(CannotFail),
                    _ => call.Arguments.All(CannotFail), // min, max, abs, round (of a decimal: its magnitude stays within range)
                };
            default:
                return false;
        }
    }

    /// <summary>Whether a divisor is at least 1 in magnitude for every case: a constant, or <c>max</c> with a constant argument &gt;= 1.</summary>
    private static bool AtLeastOne(BoundExpression divisor) => divisor switch
    {
        { Constant: { } value } => Math.Abs(value) >= 1m,
        BoundDefineReference define when DefinePrograms.IsSmallBody(define.Body) => AtLeastOne(define.Body),
        BoundCall { Function: BuiltInFunctionKind.Max } max => max.Arguments.Any(a => a.Constant is >= 1m),
        _ => false,
    };
}

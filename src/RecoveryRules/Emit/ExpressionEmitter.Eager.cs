using System.Linq.Expressions;
using RecoveryRules.Binding;
using RecoveryRules.Evaluation;

namespace RecoveryRules.Emit;

/// <summary>
/// A rule's conditions without a branch per condition (docs/design.md §33): the conditions that cannot fail are evaluated
/// all, joined with a non-short-circuit <c>&amp;</c>, and the rule tests the one result. Integer comparisons (§24, §29) are
/// taken in that form under one guard per variable read (<c>X != NotScaled</c>, a branch that is almost always the same);
/// where a guard does not hold, the conditions run as before, in order, each only when the ones before it held.
/// </summary>
internal sealed partial class ExpressionEmitter
{
    /// <summary>
    /// A rule's conditions: runs of conditions that cannot fail become one group each, <c>c1 &amp; c2 &amp; …</c> (under their
    /// guards), and a condition that can fail stays alone; the groups are joined with <c>&amp;&amp;</c> in order, so a condition
    /// that can fail is still evaluated only when every condition before it held. <paramref name="eager"/> counts the
    /// conditions taken into groups (for tests).
    /// </summary>
    public Expression EmitConditions(IReadOnlyList<BoundExpression> conditions, out int eager)
    {
        var parts = new List<Expression>();
        var fasts = new List<Expression>();
        var originals = new List<BoundExpression>();
        var guards = new Dictionary<ScaledVariable, ParameterExpression>();
        eager = 0;

        void Flush()
        {
            if (fasts.Count == 0)
            {
                return;
            }

            var all = Balanced(fasts, Expression.And);
            if (guards.Count == 0)
            {
                parts.Add(all);
            }
            else
            {
                // x_i = the variable's scaled value; (x_1 != NotScaled & …) ? c1 & c2 … : c1 && c2 … (the conditions as before).
                var steps = new List<Expression>();
                var held = new List<Expression>();
                foreach (var (variable, local) in guards)
                {
                    steps.Add(Expression.Assign(local, ReadScaled(variable)));
                    held.Add(Expression.NotEqual(local, Expression.Constant(ScaledDecimal.NotScaled)));
                }

                var group = originals.ToArray();
                var before = Fallback<bool>(e => Balanced(group.Select(e.Emit).ToList(), Expression.AndAlso));
                steps.Add(Expression.Condition(Balanced(held, Expression.And), all, before));
                parts.Add(Expression.Block(typeof(bool), guards.Values, steps));
            }

            fasts.Clear();
            originals.Clear();
            guards = [];
        }

        foreach (var condition in conditions)
        {
            var own = new Dictionary<ScaledVariable, ParameterExpression>(guards);
            if (TryEmitEager(condition, own, out var fast))
            {
                fasts.Add(fast);
                originals.Add(condition);
                guards = own;
                eager++;
            }
            else
            {
                Flush();
                parts.Add(Emit(condition));
            }
        }

        Flush();
        return Balanced(parts, Expression.AndAlso);
    }

    /// <summary>
    /// A bool expression that cannot fail, in a form with no short-circuit where it can have one: <c>not</c>, <c>and</c>,
    /// <c>or</c> of such, an integer comparison on a variable's scaled value (its guard added to <paramref name="guards"/>;
    /// the value is read once per group), or any other expression that cannot fail as it is emitted. False when the
    /// expression can fail: it is then evaluated in order, as before.
    /// </summary>
    private bool TryEmitEager(BoundExpression node, Dictionary<ScaledVariable, ParameterExpression> guards, out Expression fast)
    {
        RuntimeHelpersGuard();
        fast = null!;
        switch (node)
        {
            case BoundUnary { Operator: BoundUnaryOperator.Not } not:
                if (!TryEmitEager(not.Operand, guards, out var operand))
                {
                    return false;
                }

                fast = Expression.Not(operand);
                return true;
            case BoundBinary { Operator: BoundBinaryOperator.And or BoundBinaryOperator.Or } binary:
                if (!TryEmitEager(binary.Left, guards, out var left) || !TryEmitEager(binary.Right, guards, out var right))
                {
                    return false;
                }

                fast = binary.Operator == BoundBinaryOperator.And ? Expression.And(left, right) : Expression.Or(left, right);
                return true;
            case BoundDefineReference define when defines.IsSmall(define):
                return TryEmitEager(define.Body, guards, out fast);
            case BoundBinary { Operator: >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual } comparison
                when defines.ScaledSlots is not null && TryScaledComparison(comparison, out var scaled)
                    && (!scaled.Variable.IsDefine || defines.Failures.CannotFail(scaled.Variable.Define!)):
                if (!guards.TryGetValue(scaled.Variable, out var x))
                {
                    x = Expression.Variable(typeof(long), "x");
                    guards[scaled.Variable] = x;
                }

                fast = Compare(scaled.Operator, scaled.Factor == 1 ? x : Expression.Multiply(x, Expression.Constant(scaled.Factor)), Expression.Constant(scaled.Bound));
                return true;
            default:
                if (!defines.Failures.CannotFail(node))
                {
                    return false;
                }

                fast = Emit(node);
                return true;
        }
    }

    /// <summary>The integer form <see cref="EmitBinary"/> gives a decimal comparison (a duration part's in seconds included), when it has one.</summary>
    private static bool TryScaledComparison(BoundBinary binary, out ScaledComparison comparison)
    {
        comparison = default;
        if (ExpressionEmitter.ClrType(binary.Left.Type) != typeof(decimal) && binary.Left is not BoundDurationPart)
        {
            return false;
        }

        return ScaledDurationComparison(binary) switch
        {
            (true, { } seconds) => ScaledComparison.TryCreate(binary.Operator, ((BoundDurationPart)binary.Left).Operand, null, null, seconds, out comparison),
            (false, { } seconds) => ScaledComparison.TryCreate(binary.Operator, null, seconds, ((BoundDurationPart)binary.Right).Operand, null, out comparison),
            _ => ScaledComparison.TryCreate(binary.Operator, binary.Left, null, binary.Right, null, out comparison),
        };
    }

    private static void RuntimeHelpersGuard() => System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
}

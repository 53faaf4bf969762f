using System.Collections.Immutable;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Analysis;

/// <summary>
/// Compensation that grows without bound (docs/design.md, "Policy analysis"; RR1009). For each
/// number, money and duration fact <c>x</c>, an amount is read as <c>s·x + O(1)</c> while <c>x</c>
/// grows and every other fact stays where it is (<see cref="Slope"/>): <c>10% of orderValue</c> has
/// slope 0.1 in <c>orderValue</c>, <c>min(delay.hours, 48)</c> slope 0 in <c>delay</c>,
/// <c>max(5, delay.hours * 2)</c> slope 2/3600 per second of delay. An amount grows without bound when its slope is
/// above 0 in a number or a duration, or above 1 in money (more than the money itself: a share of
/// the order up to all of it is bounded by what was paid), in a rule that certainly matches some
/// case above the highest threshold the policy compares that fact with; and it is not capped when
/// the policy has no <c>cap</c> or the cap grows as fast by the same measure. A slope the analysis
/// cannot tell (a product of two facts, a division by a fact) is not reported.
/// </summary>
internal static class CompensationGrowth
{
    /// <summary>The amounts that grow without bound: rule index, item index, and the fact.</summary>
    public static ImmutableArray<(int Rule, int Item, FactSymbol Fact)> Find(BoundPolicy policy, DecisionSpace space, Truth[]?[] tables, ImmutableArray<Finding> findings)
    {
        var silent = new HashSet<int>(findings.Where(f => f.Kind is FindingKind.NeverMatches or FindingKind.Preempted or FindingKind.Skipped).Select(f => f.Rule));
        var facts = policy.Facts.Where(f => f.Type.Kind is TypeKind.Number or TypeKind.Money or TypeKind.Duration).ToList();
        var found = ImmutableArray.CreateBuilder<(int, int, FactSymbol)>();
        for (var r = 0; r < policy.Rules.Length; r++)
        {
            var rule = policy.Rules[r];
            if (tables[r] is not { } table || silent.Contains(r) || rule.Decision.Items.All(i => i.Amount is null))
            {
                continue;
            }

            for (var i = 0; i < rule.Decision.Items.Length; i++)
            {
                if (rule.Decision.Items[i].Amount is not { } amount)
                {
                    continue;
                }

                foreach (var fact in facts)
                {
                    var limit = fact.Type.Kind == TypeKind.Money ? 1m : 0m;
                    if (Slope(amount, fact) is { } slope && slope > limit
                        && (policy.Cap is null || (Slope(policy.Cap, fact) is { } cap && cap > limit))
                        && MatchesAbove(space, table, r, fact))
                    {
                        found.Add((r, i, fact));
                        break;
                    }
                }
            }
        }

        return found.ToImmutable();
    }

    /// <summary>Whether rule <paramref name="r"/> certainly matches some case with <paramref name="fact"/> above every threshold.</summary>
    private static bool MatchesAbove(DecisionSpace space, Truth[] table, int r, FactSymbol fact)
    {
        var own = space.RuleDimensions[r];
        var d = own.FirstOrDefault(d => space.Dimensions[d].Fact.Index == fact.Index, -1);
        var cell = new int[space.Dimensions.Length];
        var index = 0;
        do
        {
            if (table[index++] == Truth.True && (d < 0 || cell[d] == space.Dimensions[d].Values.Length - 1))
            {
                return true;
            }
        }
        while (space.Next(cell, own));

        return false;
    }

    /// <summary>
    /// <c>s</c> when <paramref name="node"/> is <c>s·x + O(1)</c> as the fact <c>x</c> grows with
    /// every other fact fixed (durations in seconds); null when the analysis cannot tell.
    /// </summary>
    public static decimal? Slope(BoundExpression node, FactSymbol fact)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        try
        {
            return Of(node, fact);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static decimal? Of(BoundExpression node, FactSymbol fact)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (Constant(node) is not null)
        {
            return 0m;
        }

        switch (node)
        {
            case BoundFactReference reference:
                return reference.Fact.Index == fact.Index ? 1m : 0m;
            case BoundDefineReference define:
                return Of(define.Body, fact);
            case BoundUnary { Operator: BoundUnaryOperator.Negate } unary:
                return -Of(unary.Operand, fact);
            case BoundDurationPart part:
                return Of(part.Operand, fact) / (part.Unit switch { DurationUnit.Minutes => 60m, DurationUnit.Hours => 3600m, _ => 86400m });
            case BoundDivision division:
                if (Constant(division.Right) is { } divisor && divisor != 0)
                {
                    return Of(division.Left, fact) / divisor;
                }

                // A bounded value over one that grows tends to 0.
                return Of(division.Left, fact) == 0m && Of(division.Right, fact) > 0m ? 0m : null;
            case BoundBinary binary:
                return Binary(binary, fact);
            case BoundCall call:
                return Call(call, fact);
            default:
                return null;
        }
    }

    private static decimal? Binary(BoundBinary binary, FactSymbol fact)
    {
        switch (binary.Operator)
        {
            case BoundBinaryOperator.Add:
                return Of(binary.Left, fact) + Of(binary.Right, fact);
            case BoundBinaryOperator.Subtract:
                return Of(binary.Left, fact) - Of(binary.Right, fact);
            case BoundBinaryOperator.Multiply or BoundBinaryOperator.PercentOf:
                var scale = binary.Operator == BoundBinaryOperator.PercentOf ? 100m : 1m;
                if (Constant(binary.Left) is { } left)
                {
                    return left * Of(binary.Right, fact) / scale;
                }

                if (Constant(binary.Right) is { } right)
                {
                    return Of(binary.Left, fact) * right / scale;
                }

                // Two values that depend on facts: bounded only when neither grows; otherwise the
                // slope depends on the other fact (its sign too).
                return Of(binary.Left, fact) == 0m && Of(binary.Right, fact) == 0m ? 0m : null;
            default:
                return null;
        }
    }

    private static decimal? Call(BoundCall call, FactSymbol fact)
    {
        var slopes = call.Arguments.Select(a => Of(a, fact)).ToList();
        if (slopes.Any(s => s is null))
        {
            return null;
        }

        return call.Function switch
        {
            // min(s1·x + a, s2·x + b) is min(s1, s2)·x + O(1), and so on.
            BuiltInFunctionKind.Min => slopes.Min(),
            BuiltInFunctionKind.Max => slopes.Max(),
            BuiltInFunctionKind.Clamp => Math.Min(Math.Max(slopes[0]!.Value, slopes[1]!.Value), slopes[2]!.Value),
            BuiltInFunctionKind.Round => slopes[0],
            BuiltInFunctionKind.Abs => Math.Abs(slopes[0]!.Value),
            _ => null,
        };
    }

    /// <summary>The value of a node made of constants only (a literal, constant arithmetic, a define of one).</summary>
    private static decimal? Constant(BoundExpression node) => node switch
    {
        { Constant: { } constant } => constant,
        BoundLiteral { Value: decimal value } => value,
        BoundDefineReference define => Constant(define.Body),
        _ => null,
    };
}

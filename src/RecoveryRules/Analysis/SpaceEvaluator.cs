using System.Runtime.CompilerServices;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Analysis;

/// <summary>
/// Evaluates bound conditions over one cell of the decision space (docs/design.md, "Policy
/// analysis"): the facts hold the cell's representative values, defines are evaluated through
/// their bound bodies, and a comparison the space does not split exactly is
/// <see cref="Truth.Unknown"/>: two facts compared with each other, a function of a fact
/// (<c>min</c>, <c>round</c>, a product of facts, a division by a fact), or a threshold that
/// decimal arithmetic cannot invert exactly (<see cref="Inexact"/>).
/// </summary>
internal sealed class SpaceEvaluator(int factCount)
{
    private readonly AbstractValue[] _facts = new AbstractValue[factCount];

    // A define's value in the current cell, computed once however many times it is used (a chain
    // of defines that each use the one before twice would otherwise cost 2^n).
    private readonly Dictionary<BoundExpression, (int Generation, AbstractValue Value)> _defines = new(ReferenceEqualityComparer.Instance);
    private int _generation;

    /// <summary>Sets a fact (by <see cref="FactSymbol.Index"/>) for the current cell.</summary>
    public void Set(int fact, AbstractValue value)
    {
        _facts[fact] = value;
        _generation++;
    }

    /// <summary>Comparisons whose threshold could not be computed exactly: always unknown.</summary>
    public HashSet<BoundExpression> Inexact { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>A condition's truth in the current cell; an overflow makes it unknown.</summary>
    public Truth Condition(BoundExpression condition)
    {
        try
        {
            return Evaluate(condition).Truth;
        }
        catch (OverflowException)
        {
            return Truth.Unknown;
        }
    }

    public AbstractValue Evaluate(BoundExpression node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (node.Constant is { } constant)
        {
            return AbstractValue.OfNumber(constant, AbstractValue.Constant);
        }

        return node switch
        {
            BoundLiteral literal => literal.Value switch
            {
                bool value => AbstractValue.OfBool(value),
                string text => AbstractValue.OfText(text, AbstractValue.Constant),
                int ordinal => AbstractValue.OfOrdinal(ordinal),
                decimal number => AbstractValue.OfNumber(number, AbstractValue.Constant),
                _ => AbstractValue.Unknown,
            },
            BoundFactReference fact => _facts[fact.Fact.Index],
            BoundDefineReference define => Define(define.Body),
            BoundUnary unary => Unary(unary),
            BoundBinary binary => Binary(binary),
            BoundDivision division => Division(division),
            BoundIn @in => In(@in),
            BoundDurationPart part => Scale(Evaluate(part.Operand), part.Unit),
            _ => node.Type.Kind == TypeKind.Bool ? AbstractValue.Unknown : AbstractValue.OpaqueNumber,
        };
    }

    private AbstractValue Define(BoundExpression body)
    {
        if (_defines.TryGetValue(body, out var known) && known.Generation == _generation)
        {
            return known.Value;
        }

        var value = Evaluate(body);
        _defines[body] = (_generation, value);
        return value;
    }

    private AbstractValue Unary(BoundUnary unary)
    {
        var operand = Evaluate(unary.Operand);
        if (unary.Operator == BoundUnaryOperator.Not)
        {
            return AbstractValue.OfTruth(Kleene.Not(operand.Truth));
        }

        return operand.Kind == AbstractKind.Number ? operand with { Number = -operand.Number } : AbstractValue.OpaqueNumber;
    }

    private static AbstractValue Scale(AbstractValue operand, DurationUnit unit) =>
        operand.Kind == AbstractKind.Number
            ? operand with { Number = operand.Number / (unit switch { DurationUnit.Minutes => 60m, DurationUnit.Hours => 3600m, _ => 86400m }) }
            : AbstractValue.OpaqueNumber;

    private AbstractValue Division(BoundDivision division)
    {
        var left = Evaluate(division.Left);
        var right = Evaluate(division.Right);
        if (left.Kind != AbstractKind.Number || right.Kind != AbstractKind.Number
            || right.Source != AbstractValue.Constant || right.Number == 0 || left.Source == AbstractValue.Opaque)
        {
            // A division by a fact is not affine in it (and may be a case error): not split.
            return AbstractValue.OpaqueNumber;
        }

        return AbstractValue.OfNumber(left.Number / right.Number, left.Source);
    }

    private AbstractValue Binary(BoundBinary binary)
    {
        switch (binary.Operator)
        {
            case BoundBinaryOperator.And:
                return AbstractValue.OfTruth(Kleene.And(Evaluate(binary.Left).Truth, Evaluate(binary.Right).Truth));
            case BoundBinaryOperator.Or:
                return AbstractValue.OfTruth(Kleene.Or(Evaluate(binary.Left).Truth, Evaluate(binary.Right).Truth));
            case >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual:
                return Inexact.Contains(binary)
                    ? AbstractValue.Unknown
                    : AbstractValue.OfTruth(Compare(binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right)));
        }

        var left = Evaluate(binary.Left);
        var right = Evaluate(binary.Right);
        if (left.Kind != AbstractKind.Number || right.Kind != AbstractKind.Number)
        {
            return AbstractValue.OpaqueNumber;
        }

        var source = AbstractValue.Combine(left.Source, right.Source);
        switch (binary.Operator)
        {
            case BoundBinaryOperator.Add:
                return AbstractValue.OfNumber(left.Number + right.Number, source);
            case BoundBinaryOperator.Subtract:
                return AbstractValue.OfNumber(left.Number - right.Number, source);
            case BoundBinaryOperator.Multiply or BoundBinaryOperator.PercentOf:
                // A product stays affine only when one side is a constant.
                if (left.Source != AbstractValue.Constant && right.Source != AbstractValue.Constant)
                {
                    return AbstractValue.OpaqueNumber;
                }

                return AbstractValue.OfNumber(
                    binary.Operator == BoundBinaryOperator.Multiply ? left.Number * right.Number : right.Number * left.Number / 100m,
                    source);
            default:
                return AbstractValue.OpaqueNumber;
        }
    }

    private AbstractValue In(BoundIn node)
    {
        if (Inexact.Contains(node))
        {
            return AbstractValue.Unknown;
        }

        var left = Evaluate(node.Left);
        var result = Truth.False;
        foreach (var item in node.Items)
        {
            result = Kleene.Or(result, Compare(BoundBinaryOperator.Equal, left, Evaluate(item)));
        }

        return AbstractValue.OfTruth(node.IsNegated ? Kleene.Not(result) : result);
    }

    /// <summary>
    /// A comparison is exact when its operands are finite values (members, booleans) or when at
    /// most one side depends on a fact, affinely: the space is split at its threshold.
    /// </summary>
    private static Truth Compare(BoundBinaryOperator op, AbstractValue left, AbstractValue right)
    {
        if (left.Kind != right.Kind || left.Kind == AbstractKind.Unknown)
        {
            return Truth.Unknown;
        }

        int order;
        switch (left.Kind)
        {
            case AbstractKind.Bool:
                order = left.Bool.CompareTo(right.Bool);
                break;
            case AbstractKind.Ordinal:
                order = left.Ordinal.CompareTo(right.Ordinal);
                break;
            case AbstractKind.Text:
                if (left.Source >= 0 && right.Source >= 0 && left.Source != right.Source)
                {
                    return Truth.Unknown;
                }

                order = string.CompareOrdinal(left.Text, right.Text);
                break;
            default:
                if (!left.IsSplittable || !right.IsSplittable || (left.Source >= 0 && right.Source >= 0))
                {
                    return Truth.Unknown;
                }

                order = left.Number.CompareTo(right.Number);
                break;
        }

        return Kleene.Of(op switch
        {
            BoundBinaryOperator.Equal => order == 0,
            BoundBinaryOperator.NotEqual => order != 0,
            BoundBinaryOperator.Less => order < 0,
            BoundBinaryOperator.LessOrEqual => order <= 0,
            BoundBinaryOperator.Greater => order > 0,
            _ => order >= 0,
        });
    }
}

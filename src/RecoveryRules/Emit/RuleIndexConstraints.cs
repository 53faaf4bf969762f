using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// What a rule's conditions say about the finite dimensions (<see cref="DimensionKey"/>): for each
/// dimension it constrains, the values (a bit per member ordinal; for booleans bit 0 is false, bit 1
/// true) outside of which the rule's <c>&amp;&amp;</c> chain is false, reached without any case error.
/// </summary>
/// <remarks>
/// The chain runs left to right and stops at the first false condition. A condition's constraint
/// counts only when every condition before it is free of errors (<see cref="IsErrorFree"/>): a
/// skipped rule must be one that would have stopped before anything that could raise a case error,
/// as the unindexed program does. Within a condition, <c>a and b</c> uses <c>b</c>'s constraint
/// only when <c>a</c> cannot fail; <c>a or b</c> constrains a dimension only when both sides do
/// (the union). Defines are analysed through their bodies (they are pure). docs/design.md, "Rule indexing".
/// </remarks>
internal sealed class RuleConstraints
{
    private readonly Dictionary<DefineSymbol, bool> _errorFreeDefines = new(ReferenceEqualityComparer.Instance);

    /// <summary>The rule's constraints, or <c>null</c> when it constrains no finite dimension.</summary>
    public Dictionary<DimensionKey, ulong>? OfRule(BoundRule rule)
    {
        Dictionary<DimensionKey, ulong>? all = null;
        foreach (var condition in rule.Conditions)
        {
            all = Intersect(all, Of(condition.Expression));
            if (!IsErrorFree(condition.Expression))
            {
                break;
            }
        }

        return all;
    }

    /// <summary>The constraints under which <paramref name="node"/> (a bool) evaluates to false without an error when outside them; <c>null</c> for none.</summary>
    public Dictionary<DimensionKey, ulong>? Of(BoundExpression node)
    {
        if (TryAtom(node, out var key, out var mask))
        {
            return new Dictionary<DimensionKey, ulong> { [key] = mask };
        }

        switch (node)
        {
            case BoundDefineReference define:
                return Of(define.Body);
            case BoundBinary { Operator: BoundBinaryOperator.And } and:
                return Intersect(Of(and.Left), IsErrorFree(and.Left) ? Of(and.Right) : null);
            case BoundBinary { Operator: BoundBinaryOperator.Or } or:
                return Union(Of(or.Left), Of(or.Right));
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="node"/> is exactly a test of one dimension: true if and only if the
    /// dimension's value is in <paramref name="mask"/>, and never a case error.
    /// </summary>
    internal bool TryAtom(BoundExpression node, out DimensionKey key, out ulong mask)
    {
        key = default;
        mask = 0;
        switch (node)
        {
            case BoundFactReference { Fact.SlotKind: SlotKind.Boolean } when Dimension(node) is { } boolean:
                key = boolean;
                mask = 0b10;
                return true;
            case BoundDefineReference define:
                return TryAtom(define.Body, out key, out mask);
            case BoundUnary { Operator: BoundUnaryOperator.Not } not when TryAtom(not.Operand, out key, out var inner):
                mask = ~inner & AllValues(key);
                return true;
            case BoundIn @in when Dimension(@in.Left) is { } inKey && @in.Items.All(i => i is BoundLiteral { Value: int }):
                key = inKey;
                foreach (var item in @in.Items)
                {
                    mask |= Bit((int)((BoundLiteral)item).Value);
                }

                if (@in.IsNegated)
                {
                    mask = ~mask & AllValues(key);
                }

                return true;
            case BoundBinary { Operator: BoundBinaryOperator.And or BoundBinaryOperator.Or } logical
                when TryAtom(logical.Left, out var leftKey, out var left) && TryAtom(logical.Right, out var rightKey, out var right) && leftKey == rightKey:
                key = leftKey;
                mask = logical.Operator == BoundBinaryOperator.And ? left & right : left | right;
                return true;
            case BoundBinary { Operator: >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual } comparison:
                return TryComparison(comparison, out key, out mask);
            default:
                return false;
        }
    }

    private bool TryComparison(BoundBinary comparison, out DimensionKey key, out ulong mask)
    {
        key = default;
        mask = 0;
        var op = comparison.Operator;
        BoundLiteral literal;
        if (Dimension(comparison.Left) is { } leftKey && comparison.Right is BoundLiteral right)
        {
            key = leftKey;
            literal = right;
        }
        else if (Dimension(comparison.Right) is { } rightKey && comparison.Left is BoundLiteral left)
        {
            // c OP x is x OP' c, with the comparison mirrored.
            key = rightKey;
            literal = left;
            op = op switch
            {
                BoundBinaryOperator.Less => BoundBinaryOperator.Greater,
                BoundBinaryOperator.LessOrEqual => BoundBinaryOperator.GreaterOrEqual,
                BoundBinaryOperator.Greater => BoundBinaryOperator.Less,
                BoundBinaryOperator.GreaterOrEqual => BoundBinaryOperator.LessOrEqual,
                _ => op,
            };
        }
        else
        {
            return false;
        }

        var constant = literal.Value switch
        {
            int ordinal => ordinal,
            bool flag => flag ? 1 : 0,
            _ => -1,
        };
        if (constant < 0)
        {
            return false;
        }

        var values = ValueCount(key);
        for (var v = 0; v < values; v++)
        {
            var holds = op switch
            {
                BoundBinaryOperator.Equal => v == constant,
                BoundBinaryOperator.NotEqual => v != constant,
                BoundBinaryOperator.Less => v < constant,
                BoundBinaryOperator.LessOrEqual => v <= constant,
                BoundBinaryOperator.Greater => v > constant,
                _ => v >= constant,
            };
            if (holds)
            {
                mask |= Bit(v);
            }
        }

        return true;
    }

    private readonly Dictionary<DimensionKey, int> _valueCounts = [];

    /// <summary>The dimension a fact reference (possibly through a define that is just that fact) reads, if it is finite.</summary>
    private DimensionKey? Dimension(BoundExpression node)
    {
        while (node is BoundDefineReference define)
        {
            node = define.Body;
        }

        if (node is not BoundFactReference { Fact: var fact })
        {
            return null;
        }

        int values;
        if (fact.SlotKind == SlotKind.Boolean)
        {
            values = 2;
        }
        else if (fact.SlotKind == SlotKind.Ordinal && fact.Type.Vocabulary!.Members.Length <= 64)
        {
            values = fact.Type.Vocabulary.Members.Length;
        }
        else
        {
            return null;
        }

        var key = new DimensionKey(fact.SlotKind, fact.Slot);
        _valueCounts[key] = values;
        return key;
    }

    private int ValueCount(DimensionKey key) => _valueCounts[key];

    private ulong AllValues(DimensionKey key) => ValueCount(key) == 64 ? ulong.MaxValue : (1UL << ValueCount(key)) - 1;

    private static ulong Bit(int value) => value is >= 0 and < 64 ? 1UL << value : 0;

    /// <summary>
    /// Whether evaluating <paramref name="node"/> can never raise a case error (a division, a
    /// clamp, or decimal arithmetic that can overflow can). Conservative: arithmetic on values
    /// unknown at load time counts as failing.
    /// </summary>
    public bool IsErrorFree(BoundExpression node)
    {
        if (node.Constant is not null)
        {
            // Known at load time, and computed without overflow there (the binder checks).
            return true;
        }

        switch (node)
        {
            case BoundLiteral or BoundFactReference:
                return true;
            case BoundDefineReference define:
                if (!_errorFreeDefines.TryGetValue(define.Define, out var free))
                {
                    free = IsErrorFree(define.Body);
                    _errorFreeDefines[define.Define] = free;
                }

                return free;
            case BoundUnary unary:
                return IsErrorFree(unary.Operand);
            case BoundBinary binary:
                return binary.Operator is not (BoundBinaryOperator.Add or BoundBinaryOperator.Subtract or BoundBinaryOperator.Multiply
                        or BoundBinaryOperator.Divide or BoundBinaryOperator.PercentOf)
                    && IsErrorFree(binary.Left) && IsErrorFree(binary.Right);
            case BoundIn @in:
                return IsErrorFree(@in.Left) && @in.Items.All(IsErrorFree);
            case BoundCall call:
                return call.Function != BuiltInFunctionKind.Clamp && call.Arguments.All(IsErrorFree);
            case BoundDurationPart part:
                return IsErrorFree(part.Operand);
            default:
                return false;
        }
    }

    private static Dictionary<DimensionKey, ulong>? Intersect(Dictionary<DimensionKey, ulong>? a, Dictionary<DimensionKey, ulong>? b)
    {
        if (a is null)
        {
            return b is null ? null : new Dictionary<DimensionKey, ulong>(b);
        }

        var result = new Dictionary<DimensionKey, ulong>(a);
        if (b is not null)
        {
            foreach (var (key, mask) in b)
            {
                result[key] = result.TryGetValue(key, out var existing) ? existing & mask : mask;
            }
        }

        return result;
    }

    private static Dictionary<DimensionKey, ulong>? Union(Dictionary<DimensionKey, ulong>? a, Dictionary<DimensionKey, ulong>? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        Dictionary<DimensionKey, ulong>? result = null;
        foreach (var (key, mask) in a)
        {
            if (b.TryGetValue(key, out var other))
            {
                (result ??= [])[key] = mask | other;
            }
        }

        return result;
    }
}

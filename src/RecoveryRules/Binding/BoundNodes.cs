using System.Collections.Immutable;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Binding;

// The bound tree: every node typed, every name resolved. Internal: the public surface is the
// compiled policy and its decisions, never these nodes.

internal enum BoundUnaryOperator
{
    Negate,
    Not,
}

internal enum BoundBinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    PercentOf,
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal enum DurationUnit
{
    Minutes,
    Hours,
    Days,
}

internal abstract class BoundExpression(ExpressionSyntax syntax, PolicyType type)
{
    public ExpressionSyntax Syntax { get; } = syntax;

    public PolicyType Type { get; } = type;

    public bool HasErrors => Type.IsError;

    /// <summary>
    /// The node's value when it is a number, money, percent or duration known at load time (a
    /// literal, or arithmetic on such values): the binder computes it once per node, so that a
    /// constant that overflows is a load-time error (RR0216), not a case error for every case.
    /// </summary>
    public decimal? Constant { get; set; }
}

/// <summary>A constant: a decimal (numbers, percents, money, durations in seconds), a bool, a string, or an int member ordinal.</summary>
internal sealed class BoundLiteral : BoundExpression
{
    public BoundLiteral(ExpressionSyntax syntax, PolicyType type, object value)
        : base(syntax, type)
    {
        Value = value;
        Constant = value as decimal?;
    }

    public object Value { get; }
}

internal sealed class BoundFactReference(ExpressionSyntax syntax, FactSymbol fact) : BoundExpression(syntax, fact.Type)
{
    public FactSymbol Fact { get; } = fact;
}

/// <summary>A use of a define; its body is bound once and shared by every use.</summary>
internal sealed class BoundDefineReference(ExpressionSyntax syntax, DefineSymbol define, BoundExpression body) : BoundExpression(syntax, define.Type)
{
    public DefineSymbol Define { get; } = define;

    /// <summary>The define's bound body, the same node for every use.</summary>
    public BoundExpression Body { get; } = body;
}

/// <summary>A define of the bound policy with its body; <see cref="DefineSymbol.Index"/> is its position in <see cref="BoundPolicy.Defines"/>.</summary>
internal sealed record BoundDefine(DefineSymbol Symbol, BoundExpression Body);

internal sealed class BoundUnary(ExpressionSyntax syntax, BoundUnaryOperator op, BoundExpression operand, PolicyType type)
    : BoundExpression(syntax, type)
{
    public BoundUnaryOperator Operator { get; } = op;

    public BoundExpression Operand { get; } = operand;
}

internal sealed class BoundBinary(ExpressionSyntax syntax, BoundBinaryOperator op, BoundExpression left, BoundExpression right, PolicyType type)
    : BoundExpression(syntax, type)
{
    public BoundBinaryOperator Operator { get; } = op;

    public BoundExpression Left { get; } = left;

    public BoundExpression Right { get; } = right;
}

internal sealed class BoundIn(ExpressionSyntax syntax, BoundExpression left, ImmutableArray<BoundExpression> items, bool negated)
    : BoundExpression(syntax, PolicyType.Bool)
{
    public BoundExpression Left { get; } = left;

    public ImmutableArray<BoundExpression> Items { get; } = items;

    public bool IsNegated { get; } = negated;
}

internal sealed class BoundCall(ExpressionSyntax syntax, BuiltInFunctionKind function, ImmutableArray<BoundExpression> arguments, PolicyType type, int site)
    : BoundExpression(syntax, type)
{
    public BuiltInFunctionKind Function { get; } = function;

    public ImmutableArray<BoundExpression> Arguments { get; } = arguments;

    /// <summary>The evaluation site, for case errors (clamp bounds).</summary>
    public int Site { get; } = site;
}

internal sealed class BoundDurationPart(ExpressionSyntax syntax, BoundExpression operand, DurationUnit unit)
    : BoundExpression(syntax, PolicyType.Number)
{
    public BoundExpression Operand { get; } = operand;

    public DurationUnit Unit { get; } = unit;
}

/// <summary>A division, kept apart so a case error can name where it divided by zero.</summary>
internal sealed class BoundDivision(ExpressionSyntax syntax, BoundExpression left, BoundExpression right, PolicyType type, int site)
    : BoundExpression(syntax, type)
{
    public BoundExpression Left { get; } = left;

    public BoundExpression Right { get; } = right;

    public int Site { get; } = site;
}

internal sealed class BoundErrorExpression(ExpressionSyntax syntax) : BoundExpression(syntax, PolicyType.Error);

internal enum CompensationMode
{
    Sum,
    Max,
    First,
}

internal enum SelectionMode
{
    Highest,
    First,
}

/// <summary>A place where evaluation can fail for a case (an amount, a division, a clamp), named for the error message.</summary>
internal sealed record EvaluationSite(string Description, SourceLocation Location);

internal sealed record BoundCondition(string Text, BoundExpression Expression, SourceLocation Location);

internal sealed record BoundCompensationItem(string Kind, BoundExpression? Amount, string? Note, int AmountSlot, int Site);

internal sealed record BoundEscalation(string Target, int TargetOrdinal, decimal? WithinSeconds)
{
    /// <summary>The SLA as a <see cref="TimeSpan"/>, computed once.</summary>
    public TimeSpan? Within { get; } = WithinSeconds is { } seconds ? Parsing.Durations.ToTimeSpan(seconds) : null;
}

internal sealed record BoundEmpowerment(string Role, int RoleOrdinal, BoundExpression? Limit, int LimitSlot, int Site, ImmutableArray<string> Actions);

internal sealed record BoundDecision(
    ImmutableArray<BoundCompensationItem> Items,
    BoundEscalation? Escalation,
    BoundEmpowerment? Empowerment,
    string? Note);

internal sealed record BoundRule(
    string Id,
    int Index,
    string? Description,
    decimal Priority,
    ImmutableArray<BoundCondition> Conditions,
    bool Stop,
    BoundDecision Decision,
    SourceLocation Location)
{
    /// <summary>The index of the rule's first condition in the policy's flat list of conditions.</summary>
    public int FirstCondition { get; init; }

    /// <summary><c>[Id]</c>, made once: a decision that one rule decides shares it instead of allocating.</summary>
    public ImmutableArray<string> IdArray { get; } = [Id];

    /// <summary><c>[note]</c> or empty, made once.</summary>
    public ImmutableArray<string> NoteArray { get; } = Decision.Note is { } note ? [note] : [];
}

/// <summary>The whole bound policy: symbols, rules in consideration order, combination modes.</summary>
internal sealed record BoundPolicy
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public string? Description { get; init; }
    public required string Currency { get; init; }
    public required int MinorUnit { get; init; }
    public required Vocabulary Severity { get; init; }
    public required Vocabulary Tier { get; init; }
    public required Vocabulary Escalation { get; init; }
    public required Vocabulary Role { get; init; }
    public required Vocabulary Channel { get; init; }
    public required ImmutableArray<FactSymbol> Facts { get; init; }
    public required ImmutableArray<BoundDefine> Defines { get; init; }
    public required CompensationMode CompensationMode { get; init; }
    public required SelectionMode EscalationMode { get; init; }
    public required SelectionMode EmpowermentMode { get; init; }
    public BoundExpression? Cap { get; init; }
    public required int CapSite { get; init; }

    /// <summary>The rules in consideration order: descending priority, ties in file order.</summary>
    public required ImmutableArray<BoundRule> Rules { get; init; }

    public BoundDecision? Otherwise { get; init; }
    public required ImmutableArray<EvaluationSite> Sites { get; init; }
}

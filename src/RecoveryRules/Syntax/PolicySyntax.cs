using System.Collections.Immutable;
using RecoveryRules.Text;

namespace RecoveryRules.Syntax;

// The policy document as written, before any meaning is given to it. A front end (the YAML
// reader) builds these; the compiler binds them. Every node knows where it is in the file.
// Values stay text here: the compiler decides whether "yes" is a boolean (it is not).

/// <summary>A scalar value from the document (a key's value, a list item), with its place in the file.</summary>
/// <param name="Value">The scalar's value after YAML unquoting.</param>
/// <param name="Map">Maps offsets inside <paramref name="Value"/> back to the file.</param>
/// <param name="IsQuoted">Whether the scalar was quoted in the file.</param>
internal sealed record ScalarSyntax(string Value, SourceMap Map, bool IsQuoted = false)
{
    /// <summary>The whole scalar's location.</summary>
    public SourceLocation Location => new(Map.Path, Map.Node);

    /// <summary>Creates a scalar that is not from a file, for tests and programmatic policies.</summary>
    public static ScalarSyntax Detached(string value, string path = "") => new(value, SourceMap.Detached(path, value.Length));

    public override string ToString() => Value;
}

/// <summary>A whole policy document.</summary>
internal sealed record PolicySyntax
{
    /// <summary>The file path the document came from.</summary>
    public required string Path { get; init; }

    /// <summary>The location of the document's root mapping (for "missing key" diagnostics).</summary>
    public required SourceLocation Location { get; init; }

    public ScalarSyntax? Id { get; init; }
    public ScalarSyntax? Version { get; init; }
    public ScalarSyntax? Description { get; init; }
    public ScalarSyntax? Currency { get; init; }

    /// <summary>Scales redefined by the policy (name → members, lowest first); absent ones keep their defaults.</summary>
    public ImmutableArray<ScaleSyntax> Scales { get; init; } = [];

    /// <summary>The channels, or <c>null</c> when the policy keeps the default list.</summary>
    public VocabularySyntax? Channels { get; init; }

    public ImmutableArray<FactSyntax> Facts { get; init; } = [];
    public ImmutableArray<DefineSyntax> Defines { get; init; } = [];
    public CombineSyntax? Combine { get; init; }
    public ImmutableArray<RuleSyntax> Rules { get; init; } = [];

    /// <summary>The location of the <c>rules</c> key, when present.</summary>
    public SourceLocation? RulesLocation { get; init; }

    public DecisionSyntax? Otherwise { get; init; }

    /// <summary>The severity settings of the policy's <c>diagnostics:</c>, in file order.</summary>
    public ImmutableArray<SeveritySettingSyntax> DiagnosticSettings { get; init; } = [];

    /// <summary>
    /// The severity settings of the <c>.editorconfig</c> files that apply to the policy file, weakest first
    /// (the farthest file first, and in each file in order), so a later setting for an id wins; empty when
    /// no <c>.editorconfig</c> was read (docs/policy-language.md, "Severity configuration").
    /// </summary>
    public ImmutableArray<SeveritySettingSyntax> EditorConfigSettings { get; init; } = [];
}

/// <summary>A list of member names (channels, a scale's members, a fact's <c>oneOf</c>).</summary>
/// <param name="Members">The members, in file order.</param>
/// <param name="Location">The list's location.</param>
internal sealed record VocabularySyntax(ImmutableArray<ScalarSyntax> Members, SourceLocation Location);

/// <summary>A scale's redefinition: <c>severity: [minor, major]</c>.</summary>
/// <param name="Name">The scale name (the key).</param>
/// <param name="Members">The members, lowest first.</param>
internal sealed record ScaleSyntax(ScalarSyntax Name, VocabularySyntax Members);

/// <summary>A declared fact: <c>orderValue: money</c>, <c>{ type: number, default: 0 }</c> or <c>{ oneOf: [...] }</c>.</summary>
internal sealed record FactSyntax
{
    /// <summary>The fact's (possibly dotted) name: the key.</summary>
    public required ScalarSyntax Name { get; init; }

    /// <summary>The location of the whole declaration (the value node).</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>The type word (<c>money</c>, <c>number</c>, …), when given.</summary>
    public ScalarSyntax? Type { get; init; }

    /// <summary>The members, when the fact is <c>oneOf</c>.</summary>
    public VocabularySyntax? OneOf { get; init; }

    /// <summary>The default value, when given.</summary>
    public ScalarSyntax? Default { get; init; }

    /// <summary>The front end already reported the declaration as malformed: the fact is declared, unusable, and reports nothing more.</summary>
    public bool IsMalformed { get; init; }
}

/// <summary>A named expression: <c>late: delay &gt; 24h</c>.</summary>
/// <param name="Name">The define's name (the key).</param>
/// <param name="Expression">The expression text.</param>
internal sealed record DefineSyntax(ScalarSyntax Name, ScalarSyntax Expression)
{
    /// <summary>The front end already reported the value as malformed (a list or mapping): the name is declared, its uses report nothing more.</summary>
    public bool IsMalformed { get; init; }
}

/// <summary>The <c>combine</c> section.</summary>
internal sealed record CombineSyntax
{
    public required SourceLocation Location { get; init; }
    public ScalarSyntax? Compensation { get; init; }
    public ScalarSyntax? Cap { get; init; }
    public ScalarSyntax? Escalation { get; init; }
    public ScalarSyntax? Empowerment { get; init; }
}

/// <summary>One rule.</summary>
internal sealed record RuleSyntax
{
    /// <summary>The location of the rule's mapping (the list item).</summary>
    public required SourceLocation Location { get; init; }

    public ScalarSyntax? Id { get; init; }
    public ScalarSyntax? Description { get; init; }
    public ScalarSyntax? Priority { get; init; }

    /// <summary>The conditions of <c>when</c> (one for a scalar, several for a list); empty when there is no <c>when</c>.</summary>
    public ImmutableArray<ScalarSyntax> When { get; init; } = [];

    public ScalarSyntax? Stop { get; init; }

    /// <summary>The diagnostics suppressed inside this rule (<c>suppress:</c>), in file order.</summary>
    public ImmutableArray<SuppressionSyntax> Suppressions { get; init; } = [];

    /// <summary>What the rule decides; <c>null</c> when <c>then</c> is missing.</summary>
    public DecisionSyntax? Then { get; init; }
}

/// <summary>What a rule (or <c>otherwise</c>) decides.</summary>
internal sealed record DecisionSyntax
{
    public required SourceLocation Location { get; init; }

    /// <summary>The compensation items; empty when <c>compensate</c> is absent.</summary>
    public ImmutableArray<CompensationItemSyntax> Compensate { get; init; } = [];

    /// <summary>The location of the <c>compensate</c> key, when present.</summary>
    public SourceLocation? CompensateLocation { get; init; }

    public EscalationSyntax? Escalate { get; init; }
    public EmpowermentSyntax? Empower { get; init; }
    public ScalarSyntax? Note { get; init; }
}

/// <summary>One compensation item: <c>- refund: 100% of orderValue</c>, <c>- apology</c> or <c>{ kind, amount, note }</c>.</summary>
/// <param name="Location">The item's location.</param>
/// <param name="Kind">The kind (refund, voucher, apology, …).</param>
/// <param name="Amount">The amount expression, when given.</param>
/// <param name="Note">The item's note, when given.</param>
internal sealed record CompensationItemSyntax(SourceLocation Location, ScalarSyntax Kind, ScalarSyntax? Amount, ScalarSyntax? Note);

/// <summary><c>escalate: { to, within }</c> (or the bare target <c>escalate: supervisor</c>).</summary>
/// <param name="Location">The value's location.</param>
/// <param name="To">The target on the escalation scale.</param>
/// <param name="Within">The SLA duration, when given.</param>
internal sealed record EscalationSyntax(SourceLocation Location, ScalarSyntax? To, ScalarSyntax? Within);

/// <summary><c>empower: { role, limit, actions }</c>.</summary>
/// <param name="Location">The value's location.</param>
/// <param name="Role">The role on the role scale.</param>
/// <param name="Limit">The money limit expression, when given.</param>
/// <param name="Actions">The actions the role may take alone.</param>
internal sealed record EmpowermentSyntax(SourceLocation Location, ScalarSyntax? Role, ScalarSyntax? Limit, ImmutableArray<ScalarSyntax> Actions);

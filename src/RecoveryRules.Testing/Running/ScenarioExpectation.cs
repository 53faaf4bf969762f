using System.Collections.Immutable;

namespace RecoveryRules.Testing.Running;

// What a scenario's 'expect' names (docs/auditing.md, "Scenario tests"); a null part is not checked.

/// <summary>The parts of a decision one scenario expects.</summary>
internal sealed record ScenarioExpectation
{
    public CompensationExpectation? Compensation { get; init; }

    public EscalationExpectation? Escalation { get; init; }

    public EmpowermentExpectation? Empowerment { get; init; }

    public ImmutableArray<string>? Notes { get; init; }

    public ImmutableArray<string>? Fired { get; init; }

    /// <summary>The id of the case error expected instead of a decision.</summary>
    public string? Error { get; init; }

    /// <summary>The parts named, as written in the file (for messages).</summary>
    public ImmutableArray<string> Named { get; init; } = [];
}

/// <summary><c>compensation</c>: the total, whether capped, the items in decision order; each optional.</summary>
internal sealed record CompensationExpectation(decimal? Total, bool? Capped, ImmutableArray<ExpectedItem>? Items);

/// <summary>One expected item: its kind and its amount (<c>null</c>: an item without an amount).</summary>
internal sealed record ExpectedItem(string Kind, decimal? Amount);

/// <summary><c>escalation</c>: none, or a target and/or an SLA (<see cref="WithinGiven"/> with a null <see cref="Within"/>: no SLA).</summary>
internal sealed record EscalationExpectation(bool None, string? To, bool WithinGiven, TimeSpan? Within);

/// <summary><c>empowerment</c>: none, or any of role, limit (<see cref="LimitGiven"/> with a null limit: no limit) and actions (a set).</summary>
internal sealed record EmpowermentExpectation(bool None, string? Role, bool LimitGiven, decimal? Limit, ImmutableArray<string>? Actions);

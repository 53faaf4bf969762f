using System.Collections.Immutable;

namespace RecoveryRules.Analysis;

/// <summary>
/// The decision matrix of a compiled policy, for policy reviews (docs/design.md, "The decision
/// matrix"; docs/policy-review.md): for every severity, customer tier and channel, the escalation
/// targets its cases get (with the shortest SLA), the range of their compensation totals, the rules
/// that decide them, and whether some of them fall to no rule. Computed by enumerating the policy's
/// decision space: every <c>oneOf</c> and boolean fact the rules read exactly, and every number,
/// money and duration split at the thresholds the policy compares it with, so the rules that fire
/// are exact for every comparison of a fact with constants (see <see cref="DecisionMatrixCell.IsExact"/>).
/// Immutable and safe to share across threads.
/// </summary>
public sealed class DecisionMatrix
{
    /// <summary>The most cases (combinations of one representative value per fact the rules read) the matrix enumerates.</summary>
    public const long MaxCells = 1_000_000;

    /// <summary>The most rule evaluations (rules × cases, and each outcome of an undecided rule) the matrix makes.</summary>
    public const long MaxWork = 20_000_000;

    private readonly Dictionary<(string Severity, string Tier, string Channel), DecisionMatrixCell> _index;

    internal DecisionMatrix(
        PolicyIdentity policy,
        string currency,
        ImmutableArray<string> severities,
        ImmutableArray<string> tiers,
        ImmutableArray<string> channels,
        ImmutableArray<string> escalationLevels,
        long requiredCells,
        long requiredWork,
        ImmutableArray<DecisionMatrixCell> cells,
        ImmutableArray<string> undecidedRules)
    {
        Policy = policy;
        Currency = currency;
        Severities = severities;
        Tiers = tiers;
        Channels = channels;
        EscalationLevels = escalationLevels;
        RequiredCells = requiredCells;
        RequiredWork = requiredWork;
        Cells = cells;
        UndecidedRules = undecidedRules;
        _index = cells.ToDictionary(c => (c.Severity, c.Tier, c.Channel));
    }

    /// <summary>Computes the decision matrix of <paramref name="policy"/>; past <see cref="MaxCells"/> or <see cref="MaxWork"/> it is not complete (<see cref="IsComplete"/>) and has no cells.</summary>
    /// <param name="policy">A compiled policy.</param>
    /// <returns>The matrix.</returns>
    public static DecisionMatrix Create(RecoveryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return DecisionMatrixBuilder.Build(policy);
    }

    /// <summary>The policy's id, version and content hash.</summary>
    public PolicyIdentity Policy { get; }

    /// <summary>The policy's currency: every compensation range is in it.</summary>
    public string Currency { get; }

    /// <summary>The severity scale, lowest first: the matrix's rows.</summary>
    public ImmutableArray<string> Severities { get; }

    /// <summary>The tier scale, lowest first: the matrix's columns.</summary>
    public ImmutableArray<string> Tiers { get; }

    /// <summary>The channels, in the policy's order: one matrix per channel.</summary>
    public ImmutableArray<string> Channels { get; }

    /// <summary>The escalation scale, lowest first (<see cref="EscalationReach.Level"/> indexes it).</summary>
    public ImmutableArray<string> EscalationLevels { get; }

    /// <summary>Whether the matrix was computed: false when the policy's decision space is past <see cref="MaxCells"/> or <see cref="MaxWork"/>; then <see cref="Cells"/> is empty.</summary>
    public bool IsComplete => !Cells.IsEmpty;

    /// <summary>How many cases the enumeration takes (or would have taken): one per combination of the representative values.</summary>
    public long RequiredCells { get; }

    /// <summary>How many rule evaluations the enumeration takes (or, when not complete, at least would have taken).</summary>
    public long RequiredWork { get; }

    /// <summary>Every cell: by channel (policy order), then severity, then tier (scale order).</summary>
    public ImmutableArray<DecisionMatrixCell> Cells { get; }

    /// <summary>The rules (file order) whose conditions the analysis could not decide for some case: a comparison of two facts with each other, or of a function of a fact.</summary>
    public ImmutableArray<string> UndecidedRules { get; }

    /// <summary>The cell of one severity, tier and channel.</summary>
    /// <param name="severity">A member of the severity scale.</param>
    /// <param name="tier">A member of the tier scale.</param>
    /// <param name="channel">A channel.</param>
    /// <returns>The cell.</returns>
    /// <exception cref="InvalidOperationException">The matrix is not complete.</exception>
    /// <exception cref="ArgumentException">A name is not one of the policy's.</exception>
    public DecisionMatrixCell Cell(string severity, string tier, string channel)
    {
        ArgumentNullException.ThrowIfNull(severity);
        ArgumentNullException.ThrowIfNull(tier);
        ArgumentNullException.ThrowIfNull(channel);
        if (!IsComplete)
        {
            throw new InvalidOperationException($"The decision matrix of policy '{Policy.Id}' was not computed: it needs {RequiredCells} cases, more than {MaxCells}, or more than {MaxWork} rule evaluations.");
        }

        return _index.TryGetValue((severity, tier, channel), out var cell)
            ? cell
            : throw new ArgumentException($"Policy '{Policy.Id}' has no cell severity={severity}, tier={tier}, channel={channel}.", nameof(severity));
    }
}

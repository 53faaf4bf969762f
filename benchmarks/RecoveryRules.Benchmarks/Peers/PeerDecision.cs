using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace RecoveryRules.Benchmarks;

/// <summary>A compensation item as every implementation can give it: its kind, its amount (null: none) and the rule that gave it.</summary>
public sealed record PeerItem(string Kind, decimal? Amount, string Rule);

/// <summary>
/// What the peers (NRules, Microsoft RulesEngine) decide, and what a <see cref="Decision"/> is compared
/// with them on (docs/performance.md, "Peers"): everything the peers can express for these policies.
/// <list type="bullet">
/// <item>compensation: the currency, the total after the cap, whether it was capped, and every item (kind, amount, rule) in consideration order;</item>
/// <item>escalation: the target and the <c>within</c> (null when nothing escalates);</item>
/// <item>empowerment: the role, the limit and the actions in first-seen order (null role when nothing empowers);</item>
/// <item>the rules that fired in consideration order, and their notes.</item>
/// </list>
/// Not compared: the policy identity and <c>evaluatedAt</c> (not the peers' business), item notes, the
/// escalation's and the empowerment's naming rules (derivable from the fired rules), explanations.
/// Two decisions are the same when <see cref="Describe"/> gives the same text.
/// </summary>
public sealed record PeerDecision(
    decimal Total,
    string Currency,
    bool Capped,
    ImmutableArray<PeerItem> Items,
    string? EscalateTo,
    TimeSpan? Within,
    string? Role,
    decimal? Limit,
    ImmutableArray<string> Actions,
    ImmutableArray<string> Fired,
    ImmutableArray<string> Notes)
{
    /// <summary>The projection of an engine's (or the hand-written) decision.</summary>
    public static PeerDecision From(Decision decision) => new(
        decision.Compensation.Total,
        decision.Compensation.Currency,
        decision.Compensation.Capped,
        [.. decision.Compensation.Items.Select(item => new PeerItem(item.Kind, item.Amount, item.Rule))],
        decision.Escalation?.To,
        decision.Escalation?.Within,
        decision.Empowerment?.Role,
        decision.Empowerment?.Limit,
        decision.Empowerment?.Actions ?? [],
        decision.Fired,
        decision.Notes);

    /// <summary>A canonical text: amounts with exactly two decimals (money in USD), durations in seconds.</summary>
    public string Describe()
    {
        static string Money(decimal? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "none";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"total {Money(Total)} {Currency}{(Capped ? " capped" : "")}; items [");
        text.AppendJoin(", ", Items.Select(item => $"{item.Kind} {Money(item.Amount)} by {item.Rule}"));
        text.Append(CultureInfo.InvariantCulture, $"]; escalate {EscalateTo ?? "none"} within {(Within is { } within ? within.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s" : "none")}");
        text.Append(CultureInfo.InvariantCulture, $"; empower {Role ?? "none"} limit {Money(Limit)} actions [{string.Join(", ", Actions)}]");
        text.Append(CultureInfo.InvariantCulture, $"; fired [{string.Join(", ", Fired)}]; notes [{string.Join(" | ", Notes)}]");
        return text.ToString();
    }
}

/// <summary>
/// How the matching rules combine (docs/policy-language.md §9, for <c>sum</c> compensation and <c>highest</c>
/// escalation and empowerment, as both benchmark policies combine), written once as an application using
/// a rules engine without these semantics would write it: the rules report what they decide, in the order
/// they fire, and this builds the decision. One per case.
/// </summary>
public sealed class PeerDecisionBuilder(IReadOnlyList<string> escalationScale, IReadOnlyList<string> roleScale)
{
    /// <summary>The escalation and role scales of both benchmark policies (the defaults, docs/policy-language.md §3).</summary>
    public static readonly string[] DefaultEscalations = ["team-lead", "supervisor", "duty-manager", "retention"];

    /// <summary>See <see cref="DefaultEscalations"/>.</summary>
    public static readonly string[] DefaultRoles = ["frontline", "team-lead", "supervisor", "manager"];

    private readonly List<string> _fired = new(8);
    private readonly List<PeerItem> _items = new(8);
    private List<string>? _notes;
    private decimal _total;
    private string? _escalateTo;
    private int _escalationRank = -1;
    private TimeSpan? _within;
    private string? _role;
    private int _roleRank = -1;
    private decimal? _limit;
    private List<string>? _actions;

    public PeerDecisionBuilder()
        : this(DefaultEscalations, DefaultRoles)
    {
    }

    /// <summary>Whether a rule fired.</summary>
    public bool AnyFired => _fired.Count > 0;

    public void Fire(string rule) => _fired.Add(rule);

    /// <summary>An item; its amount (if any) is rounded to money here.</summary>
    public void Compensate(string kind, decimal? amount, string rule)
    {
        var money = amount is { } value ? Money(value) : (decimal?)null;
        _items.Add(new PeerItem(kind, money, rule));
        _total += money ?? 0m;
    }

    public void Escalate(string to, TimeSpan? within)
    {
        var rank = IndexOf(escalationScale, to);
        if (rank > _escalationRank)
        {
            _escalationRank = rank;
            _escalateTo = to;
        }

        if (within is { } w && (_within is not { } shortest || w < shortest))
        {
            _within = w;
        }
    }

    public void Empower(string role, decimal? limit, IEnumerable<string> actions)
    {
        var rank = IndexOf(roleScale, role);
        if (rank > _roleRank)
        {
            _roleRank = rank;
            _role = role;
        }

        if (limit is { } value)
        {
            var money = Money(value);
            if (_limit is not { } largest || money > largest)
            {
                _limit = money;
            }
        }

        _actions ??= new List<string>(4);
        foreach (var action in actions)
        {
            if (!_actions.Contains(action))
            {
                _actions.Add(action);
            }
        }
    }

    public void Note(string note) => (_notes ??= new List<string>(2)).Add(note);

    /// <summary>The decision: the sum of the items limited by <paramref name="cap"/>; when no rule fired, the policy's <c>otherwise</c> (both escalate to team-lead within 48h).</summary>
    public PeerDecision Build(decimal cap, string currency)
    {
        cap = Money(cap);
        if (_fired.Count == 0)
        {
            Escalate("team-lead", TimeSpan.FromHours(48));
        }

        var total = _total;
        var capped = total > cap;
        if (capped)
        {
            total = cap;
        }

        return new PeerDecision(
            total,
            currency,
            capped,
            [.. _items],
            _escalateTo,
            _within,
            _role,
            _limit,
            _actions is null ? [] : [.. _actions],
            [.. _fired],
            _notes is null ? [] : [.. _notes]);
    }

    /// <summary>Money: half away from zero to 2 decimals (docs/policy-language.md §11); never negative.</summary>
    public static decimal Money(decimal value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return rounded < 0 ? throw new InvalidOperationException($"A negative amount: {rounded}.") : rounded;
    }

    private static int IndexOf(IReadOnlyList<string> scale, string member)
    {
        for (var i = 0; i < scale.Count; i++)
        {
            if (string.Equals(scale[i], member, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{member}' is not on the scale.");
    }
}

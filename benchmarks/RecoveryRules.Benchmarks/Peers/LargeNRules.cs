using NRules;
using NRules.Fluent;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The generated 200-rule policy (<see cref="LargePolicyGenerator"/>) with NRules 1.0.4: one fluent rule class per policy
/// rule (<c>Generated/LargePolicyNRules.g.cs</c>, written from the policy model by <see cref="LargePolicySources.NRules"/>),
/// the consideration order as NRules priorities (one per rule, since NRules orders activations of equal priority by its
/// agenda), the stop rule halting the session, a new session per case; <see cref="PeerDecisionBuilder"/> combines.
/// </summary>
public sealed class LargeNRules
{
    private readonly ISessionFactory _factory;

    public LargeNRules()
    {
        var repository = new RuleRepository();
        repository.Load(spec => spec.From(typeof(LargeNRules).Assembly).Where(rule => rule.RuleType.Namespace == "RecoveryRules.Benchmarks.LargeNRulesRules"));
        RuleCount = repository.GetRuleSets().Sum(set => set.Rules.Count());
        _factory = repository.Compile();
    }

    /// <summary>How many rules were loaded.</summary>
    public int RuleCount { get; }

    public PeerDecision Evaluate(LargeCase c)
    {
        var decision = new PeerDecisionBuilder();
        var session = _factory.CreateSession();
        session.Insert(c);
        session.Insert(decision);
        session.Fire();

        // combine: cap: max(orderValue, 50)
        return decision.Build(Math.Max(c.OrderValue, 50m), "USD");
    }
}

/// <summary>The defines of the generated policy, for the NRules rules.</summary>
public static class LargeDefines
{
    public static bool HighValue(LargeCase c) => c.Tier >= Tier.Gold || c.CustomerValue >= 10000m;

    public static bool Late(LargeCase c) => c.Delay > TimeSpan.FromHours(24);

    public static bool VeryLate(LargeCase c) => c.Delay >= TimeSpan.FromDays(3);

    public static bool BigOrder(LargeCase c) => c.OrderValue >= 200m;

    public static decimal PerItem(LargeCase c) => c.OrderValue / Math.Max(c.ItemCount, 1m);

    public static bool Loyal(LargeCase c) => (c.Tier == Tier.Gold || c.Tier == Tier.Platinum) && c.CustomerValue > 5000m;
}

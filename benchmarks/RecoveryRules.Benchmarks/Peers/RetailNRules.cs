using NRules;
using NRules.Fluent;
using NRules.Fluent.Dsl;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The retail policy (examples/retail/retail.policy.yaml, docs/policy-language.md §1) with NRules 1.0.4, written as a
/// developer would: one fluent rule class per policy rule, matching the case and the decision being
/// built (<see cref="PeerDecisionBuilder"/>), a new session per case. The policy's consideration order
/// (priority 100 first, then file order) is encoded as NRules priorities, since NRules orders activations of
/// equal priority by its agenda, not by class order; the <c>stop</c> rule halts the session.
/// </summary>
public sealed class RetailNRules
{
    private readonly ISessionFactory _factory;

    public RetailNRules()
    {
        var repository = new RuleRepository();
        repository.Load(spec => spec.NestedTypes().From(typeof(CriticalHighValueRule), typeof(MajorOnTimeRule), typeof(KnownOutageRule)));
        _factory = repository.Compile();
    }

    public PeerDecision Evaluate(RetailCase c)
    {
        var decision = new PeerDecisionBuilder();
        var session = _factory.CreateSession();
        session.Insert(c);
        session.Insert(decision);
        session.Fire();

        // combine: cap: orderValue
        return decision.Build(c.OrderValue, "USD");
    }

    /// <summary>The policy's defines.</summary>
    public static class Defines
    {
        public static bool HighValue(RetailCase c) => c.Tier >= Tier.Gold || c.CustomerValue >= 10000m;

        public static bool Late(RetailCase c) => c.Delay > TimeSpan.FromHours(24);
    }

    [Name("critical-high-value")]
    [Priority(100)]
    public sealed class CriticalHighValueRule : Rule
    {
        private static readonly string[] Actions = ["refund", "replace"];

        public override void Define()
        {
            RetailCase c = null!;
            PeerDecisionBuilder decision = null!;

            When()
                .Match(() => c, x => x.Severity == Severity.Critical, x => Defines.HighValue(x))
                .Match(() => decision);

            Then()
                .Do(_ => decision.Fire("critical-high-value"))
                .Do(_ => decision.Compensate("refund", c.OrderValue, "critical-high-value"))
                .Do(_ => decision.Escalate("duty-manager", TimeSpan.FromHours(1)))
                .Do(_ => decision.Empower("frontline", 200m, Actions))
                .Do(_ => decision.Note("Call the customer back personally."));
        }
    }

    /// <summary>Priority 0, as in the policy; after critical-high-value, before known-outage (file order).</summary>
    [Name("major-on-time")]
    [Priority(0)]
    public sealed class MajorOnTimeRule : Rule
    {
        public override void Define()
        {
            RetailCase c = null!;
            PeerDecisionBuilder decision = null!;

            When()
                .Match(() => c, x => x.Severity == Severity.Major, x => !Defines.Late(x))
                .Match(() => decision);

            Then()
                .Do(_ => decision.Fire("major-on-time"))
                .Do(_ => decision.Compensate("credit", Math.Min(c.OrderValue * 0.1m, 30m), "major-on-time"));
        }
    }

    /// <summary>Priority 0 in the policy, but after major-on-time in file order: one below it here.</summary>
    [Name("known-outage")]
    [Priority(-1)]
    public sealed class KnownOutageRule : Rule
    {
        public override void Define()
        {
            RetailCase c = null!;
            PeerDecisionBuilder decision = null!;

            When()
                .Match(() => c, x => x.Proactive, x => x.FailureType == FailureType.Technical)
                .Match(() => decision);

            Then()
                .Do(_ => decision.Fire("known-outage"))
                .Do(_ => decision.Compensate("voucher", 15m, "known-outage"))
                .Do(_ => decision.Compensate("apology", null, "known-outage"))
                .Do(ctx => ctx.Halt());
        }
    }
}

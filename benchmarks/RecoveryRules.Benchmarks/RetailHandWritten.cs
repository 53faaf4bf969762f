using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RecoveryRules.Benchmarks;

/// <summary>The severity scale of the retail policy (docs/policy-language.md §1), lowest first.</summary>
public enum Severity
{
    Minor,
    Moderate,
    Major,
    Critical,
}

/// <summary>The channels of the retail policy (docs/policy-language.md §1) (unordered).</summary>
public enum Channel
{
    Phone,
    Email,
    Chat,
    Social,
    Store,
    App,
}

/// <summary>The tier scale of the retail policy (docs/policy-language.md §1), lowest first.</summary>
public enum Tier
{
    Standard,
    Silver,
    Gold,
    Platinum,
}

/// <summary>The declared <c>failureType</c> fact of the retail policy (docs/policy-language.md §1).</summary>
public enum FailureType
{
    Information,
    Operation,
    Communication,
    Technical,
}

/// <summary>A retail case as a plain typed C# object: what a hand-written implementation would take.</summary>
public sealed record RetailCase(
    string? Id,
    Severity Severity,
    Channel Channel,
    TimeSpan Delay,
    Tier Tier,
    decimal CustomerValue,
    decimal OrderValue,
    decimal RepeatFailures,
    FailureType FailureType,
    bool Proactive);

/// <summary>
/// The retail policy (docs/policy-language.md §1) written by hand: plain if/else over <see cref="RetailCase"/>, building the
/// same <see cref="Decision"/> the engine builds (docs/policy-language.md §8 and §9: consideration by priority, stop,
/// sum + cap, highest escalation with the shortest SLA, highest empowerment, notes, otherwise;
/// money rounded half away from zero to 2 decimals). The practical lower bound for the engine:
/// exact-size arrays, constant arrays made once, no builders, no frame, no delegate.
/// </summary>
public sealed class RetailHandWritten(PolicyIdentity identity, TimeProvider clock)
{
    private const string Usd = "USD";
    private const string CriticalHighValue = "critical-high-value";
    private const string MajorOnTime = "major-on-time";
    private const string KnownOutage = "known-outage";
    private const string Otherwise = "otherwise";
    private const string CriticalNote = "Call the customer back personally.";

    private static readonly TimeSpan Late = TimeSpan.FromHours(24);
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);
    private static readonly TimeSpan FortyEightHours = TimeSpan.FromHours(48);
    private static readonly ImmutableArray<string> CriticalActions = ["refund", "replace"];

    // What is the same for every case is made once (as a hand-writer would).
    private static readonly ImmutableArray<string> CriticalOnly = [CriticalHighValue];
    private static readonly ImmutableArray<string> MajorOnly = [MajorOnTime];
    private static readonly ImmutableArray<string> OutageOnly = [KnownOutage];
    private static readonly ImmutableArray<string> CriticalNotes = [CriticalNote];

    public Decision Evaluate(RetailCase c)
    {
        var now = clock.GetUtcNow();

        // define
        var highValue = c.Tier >= Tier.Gold || c.CustomerValue >= 10000m;
        var late = c.Delay > Late;

        // Consideration order: critical-high-value (priority 100), then major-on-time, known-outage (file order).
        var criticalHighValue = c.Severity == Severity.Critical && highValue;
        var majorOnTime = c.Severity == Severity.Major && !late;
        var knownOutage = c.Proactive && c.FailureType == FailureType.Technical;

        // known-outage has stop: true; it is the last rule, so no later rule is skipped.
        var firedCount = (criticalHighValue ? 1 : 0) + (majorOnTime ? 1 : 0) + (knownOutage ? 1 : 0);
        var cap = Money(c.OrderValue);
        if (firedCount == 0)
        {
            // otherwise: escalate to team-lead within 48h; nothing else.
            return new Decision
            {
                CaseId = c.Id,
                Policy = identity,
                Compensation = new CompensationDecision(0.00m, Usd, false, []),
                Escalation = new EscalationDecision("team-lead", FortyEightHours, Otherwise),
                Empowerment = null,
                Notes = [],
                Fired = [],
                EvaluatedAt = now,
            };
        }

        // Amounts are computed (and checked) for every fired rule.
        var refund = criticalHighValue ? Money(c.OrderValue) : 0m;
        var credit = majorOnTime ? Money(Math.Min(c.OrderValue * 0.10m, 30m)) : 0m;

        var items = new CompensationItem[(criticalHighValue ? 1 : 0) + (majorOnTime ? 1 : 0) + (knownOutage ? 2 : 0)];
        var fired = firedCount == 1 ? null : new string[firedCount];
        int i = 0, f = 0;
        var total = 0m;
        if (criticalHighValue)
        {
            items[i++] = new CompensationItem("refund", refund, CriticalHighValue, null);
            total += refund;
            fired?[f++] = CriticalHighValue;
        }

        if (majorOnTime)
        {
            items[i++] = new CompensationItem("credit", credit, MajorOnTime, null);
            total += credit;
            fired?[f++] = MajorOnTime;
        }

        if (knownOutage)
        {
            items[i++] = new CompensationItem("voucher", 15.00m, KnownOutage, "Sorry for the outage");
            items[i] = new CompensationItem("apology", null, KnownOutage, null);
            total += 15.00m;
            fired?[f] = KnownOutage;
        }

        // sum, then the cap (orderValue).
        total = Money(total);
        var capped = false;
        if (total > cap)
        {
            total = cap;
            capped = true;
        }

        // Only critical-high-value escalates, empowers and notes: highest = its own.
        EscalationDecision? escalation = null;
        EmpowermentDecision? empowerment = null;
        ImmutableArray<string> notes = [];
        if (criticalHighValue)
        {
            escalation = new EscalationDecision("duty-manager", OneHour, CriticalHighValue);
            empowerment = new EmpowermentDecision("frontline", 200.00m, CriticalActions, CriticalOnly);
            notes = CriticalNotes;
        }

        return new Decision
        {
            CaseId = c.Id,
            Policy = identity,
            Compensation = new CompensationDecision(total, Usd, capped, ImmutableCollectionsMarshal.AsImmutableArray(items)),
            Escalation = escalation,
            Empowerment = empowerment,
            Notes = notes,
            Fired = fired is not null ? ImmutableCollectionsMarshal.AsImmutableArray(fired)
                : criticalHighValue ? CriticalOnly
                : majorOnTime ? MajorOnly
                : OutageOnly,
            EvaluatedAt = now,
        };
    }

    /// <summary>Money: half away from zero to 2 decimals, always with 2 decimals (80 → 80.00); never negative.</summary>
    private static decimal Money(decimal value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;
        return rounded < 0 ? throw new InvalidOperationException("A negative amount.") : rounded;
    }
}

using CsCheck;

namespace RecoveryRules.NRules.Tests.Support;

/// <summary>Generated complaints, valid and not: misspelled and absent members, negative values, months apart.</summary>
public static class Complaints
{
    private static readonly string?[] Severities = ["minor", "moderate", "major", "critical", "critcal", "", null];
    private static readonly string?[] Channels = ["phone", "email", "chat", "social", "store", "app", "fax", null];
    private static readonly string?[] Tiers = ["standard", "silver", "gold", "platinum", "diamond", null];
    private static readonly string?[] FailureTypes = ["information", "operation", "communication", "technical", "weather", null];
    private static readonly string[] Customers = ["cust-1", "cust-2", "cust-3"];

    public static readonly Gen<Complaint> One = Gen.Select(
            Gen.Int[0, Severities.Length - 1], Gen.Int[0, Channels.Length - 1], Gen.Int[-60, 72 * 60],
            Gen.Int[0, Tiers.Length - 1], Gen.Int[0, 20_000], Gen.Int[-10, 500].Select(v => v == 0 ? (decimal?)null : v),
            Gen.Select(Gen.Int[0, Customers.Length - 1], Gen.Int[10, 12], Gen.Int[0, FailureTypes.Length - 1], Gen.Bool))
        .Select((severity, channel, minutes, tier, value, order, who) => new Complaint
        {
            Id = "c-" + Guid.NewGuid().ToString("N")[..8],
            CustomerId = Customers[who.Item1],
            Severity = Severities[severity],
            Channel = Channels[channel],
            Delay = TimeSpan.FromMinutes(minutes),
            Tier = Tiers[tier],
            LifetimeValue = value,
            OrderValue = order,
            FailureType = FailureTypes[who.Item3],
            Proactive = who.Item4,
            OpenedAt = new DateTimeOffset(2026, who.Item2, 15, 12, 0, 0, TimeSpan.Zero),
        });

    /// <summary>The case of a complaint built fact by fact with the case builder (not the typed mapping), and its result.</summary>
    public static (Decision? Decision, CaseError? Error) Evaluate(RecoveryPolicy policy, Complaint complaint, int? repeatFailures, EvaluationOptions options)
    {
        // In the order of the case map (Crm.Map): the first value that does not fit is the case error.
        RecoveryCaseBuilder builder = policy.CreateCase(complaint.Id);
        if (complaint.Severity is { } severity) builder.With("severity", severity);
        if (complaint.Channel is { } channel) builder.With("channel", channel);
        builder.With("delay", complaint.Delay);
        if (complaint.Tier is { } tier) builder.With("customer.tier", tier);
        builder.With("customer.value", complaint.LifetimeValue);
        if (complaint.OrderValue is { } order) builder.With("orderValue", order);
        if (complaint.FailureType is { } failureType) builder.With("failureType", failureType);
        builder.With("proactive", complaint.Proactive);
        if (repeatFailures is { } count) builder.With("repeatFailures", count);
        if (!builder.TryBuild(out RecoveryCase? recoveryCase, out CaseError? buildError))
        {
            return (null, buildError);
        }
        return policy.TryEvaluate(recoveryCase, out Decision? decision, out CaseError? error, options) ? (decision, null) : (null, error);
    }
}

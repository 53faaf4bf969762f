using RecoveryRules.Yaml;

namespace RecoveryRules.Testing.FluentAssertions.Tests;

/// <summary>Decisions of the retail policy beside the tests, evaluated at a fixed clock.</summary>
internal static class Retail
{
    private static readonly RecoveryPolicy Policy = PolicyYaml.LoadFile(Path.Combine(AppContext.BaseDirectory, "policies", "retail.policy.yaml"));

    /// <summary>A gold customer's critical outage: refund 80, duty-manager within 1h, frontline up to 200 (refund, replace).</summary>
    public const string VipOutage = """{"severity": "critical", "channel": "phone", "delay": "3h", "customer": {"tier": "gold"}, "orderValue": 80, "failureType": "technical", "proactive": false}""";

    /// <summary>A standard customer's critical failure: nothing fires; otherwise escalates to team-lead within 48h.</summary>
    public const string StandardCritical = """{"severity": "critical", "channel": "email", "delay": "3h", "orderValue": 80, "failureType": "operation", "proactive": false}""";

    /// <summary>A major failure on time: a credit of 12, no escalation.</summary>
    public const string MajorOnTime = """{"severity": "major", "channel": "chat", "delay": "2h", "orderValue": 120, "failureType": "communication", "proactive": false}""";

    /// <summary>A platinum customer's critical outage we announced: refund 80 + voucher 15 + apology, capped at the order value 80.</summary>
    public const string CappedOutage = """{"severity": "critical", "channel": "phone", "delay": "1h", "customer": {"tier": "platinum"}, "orderValue": 80, "failureType": "technical", "proactive": true}""";

    /// <summary>A severity the policy does not know: the case error RR0403.</summary>
    public const string UnknownSeverity = """{"severity": "urgent", "channel": "phone", "delay": "3h", "orderValue": 80, "failureType": "technical", "proactive": false}""";

    public static Decision Decide(string json, bool explain = true) =>
        Policy.EvaluateJson(json, explain ? EvaluationOptions.WithExplanation : EvaluationOptions.Default).Decision!;

    public static CaseResult Result(string json) => Policy.EvaluateJson(json, EvaluationOptions.WithExplanation);
}

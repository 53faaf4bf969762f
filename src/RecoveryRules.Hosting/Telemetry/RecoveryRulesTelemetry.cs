namespace RecoveryRules.Hosting;

/// <summary>
/// The names under which RecoveryRules publishes its metrics and traces (docs/embedding.md, "Observe"). A host
/// subscribes with them, for OpenTelemetry <c>.WithMetrics(m =&gt; m.AddMeter(RecoveryRulesTelemetry.MeterName))</c>
/// and <c>.WithTracing(t =&gt; t.AddSource(RecoveryRulesTelemetry.ActivitySourceName))</c>.
/// </summary>
public static class RecoveryRulesTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of decisions, case errors, evaluation time, rules fired, reloads and shadow differences.</summary>
    public const string MeterName = "RecoveryRules";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of the <c>recoveryrules.evaluate</c> span, one per evaluation.</summary>
    public const string ActivitySourceName = "RecoveryRules";
}

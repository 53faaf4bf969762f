namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>
/// Tests that need to know who listens to the activity source: activity listeners are process-wide, so these run
/// apart from every other test (none of which can then attach a listener in the middle of one).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryIsolation
{
    public const string Name = "Telemetry listeners";
}

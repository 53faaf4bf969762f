namespace RecoveryRules.Testing.Running;

/// <summary>
/// The evaluation clock of a scenario: the scenario's <c>now</c> while it runs (held per async flow, so
/// suites may run in parallel), otherwise the clock of the options the suite was loaded with.
/// </summary>
internal sealed class ScenarioClock(TimeProvider fallback) : TimeProvider
{
    private static readonly AsyncLocal<DateTimeOffset?> Current = new();

    public override DateTimeOffset GetUtcNow() => Current.Value?.ToUniversalTime() ?? fallback.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => fallback.LocalTimeZone;

    /// <summary>The policy options with this clock in place of theirs.</summary>
    public static RecoveryPolicyOptions For(RecoveryPolicyOptions options) =>
        options with { TimeProvider = new ScenarioClock(options.TimeProvider) };

    /// <summary>Sets the clock for the current flow until the result is disposed.</summary>
    public static Scope At(DateTimeOffset? now)
    {
        var previous = Current.Value;
        Current.Value = now;
        return new Scope(previous);
    }

    public readonly struct Scope(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

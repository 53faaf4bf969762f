namespace RecoveryRules.Testing;

/// <summary>How a scenario ended (docs/auditing.md, "Scenario tests").</summary>
public enum ScenarioOutcome
{
    /// <summary>The decision (or the case error) is what <c>expect</c> names.</summary>
    Passed,

    /// <summary>The decision differs from <c>expect</c>, an expected error did not happen, or another error happened.</summary>
    Failed,

    /// <summary>The case could not be evaluated (a case error) and <c>expect</c> names no error.</summary>
    Errored,
}

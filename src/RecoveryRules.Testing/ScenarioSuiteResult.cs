using System.Collections.Immutable;

namespace RecoveryRules.Testing;

/// <summary>The results of every scenario of one file, in file order.</summary>
public sealed class ScenarioSuiteResult
{
    internal ScenarioSuiteResult(ScenarioSuite suite, ImmutableArray<ScenarioResult> results)
    {
        Suite = suite;
        Results = results;
        Passed = results.Count(r => r.Passed);
        Failed = results.Length - Passed;
    }

    /// <summary>The suite that ran.</summary>
    public ScenarioSuite Suite { get; }

    /// <summary>One result per scenario, in file order.</summary>
    public ImmutableArray<ScenarioResult> Results { get; }

    /// <summary>How many scenarios passed.</summary>
    public int Passed { get; }

    /// <summary>How many did not pass: failures and errors.</summary>
    public int Failed { get; }
}

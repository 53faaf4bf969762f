using System.Collections.Immutable;
using RecoveryRules.Testing.Reading;

namespace RecoveryRules.Testing;

/// <summary>
/// One scenario file (<c>*.tests.yaml</c>): the policy it tests, loaded from the path the file
/// names, and its scenarios in file order (docs/auditing.md, "Scenario tests"). Immutable and
/// safe to run from several threads.
/// </summary>
public sealed class ScenarioSuite
{
    internal ScenarioSuite(string path, string policyPath, RecoveryPolicy policy, DateTimeOffset? now, ImmutableArray<Scenario> scenarios)
    {
        Path = path;
        PolicyPath = policyPath;
        Policy = policy;
        Now = now;
        Scenarios = scenarios;
        foreach (var scenario in scenarios)
        {
            scenario.AttachTo(this);
        }
    }

    /// <summary>The scenario file's path, as given to <see cref="Load"/>.</summary>
    public string Path { get; }

    /// <summary>The policy's path: the file's <c>policy</c>, relative to the scenario file's folder.</summary>
    public string PolicyPath { get; }

    /// <summary>The compiled policy the scenarios run against.</summary>
    public RecoveryPolicy Policy { get; }

    /// <summary>The scenarios, in file order.</summary>
    public ImmutableArray<Scenario> Scenarios { get; }

    /// <summary>The file's <c>now</c>: the evaluation clock of every case that sets none; <c>null</c> when not set.</summary>
    internal DateTimeOffset? Now { get; }

    /// <summary>
    /// Loads a scenario file and the policy it names. Never throws for bad input: a file that cannot be
    /// read, is not a scenario file, or whose policy does not load gives diagnostics and no suite.
    /// </summary>
    /// <param name="path">The scenario file.</param>
    /// <param name="policyOptions">Options of the compiled policy (its clock, for cases that set no <c>now</c>, and how its rules run); the defaults when <c>null</c>.</param>
    /// <returns>The suite, or why there is none; every diagnostic of the file and of its policy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <c>null</c>.</exception>
    public static ScenarioSuiteLoadResult Load(string path, RecoveryPolicyOptions? policyOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ScenarioFileReader.ReadFile(path, policyOptions ?? RecoveryPolicyOptions.Default);
    }

    /// <summary>Runs every scenario, in file order.</summary>
    /// <returns>One result per scenario.</returns>
    public ScenarioSuiteResult Run() => new(this, [.. Scenarios.Select(s => s.Run())]);
}

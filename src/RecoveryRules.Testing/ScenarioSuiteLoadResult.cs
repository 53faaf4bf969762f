using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Testing;

/// <summary>What loading a scenario file gave: the suite when it loads, and every diagnostic of the file and of its policy.</summary>
public sealed class ScenarioSuiteLoadResult
{
    internal ScenarioSuiteLoadResult(ScenarioSuite? suite, ImmutableArray<Diagnostic> diagnostics)
    {
        Suite = suite;
        Diagnostics = diagnostics;
    }

    /// <summary>Whether the file and its policy loaded without an error (warnings allowed).</summary>
    [MemberNotNullWhen(true, nameof(Suite))]
    public bool Success => Suite is not null;

    /// <summary>The suite, when it loaded; otherwise <c>null</c>.</summary>
    public ScenarioSuite? Suite { get; }

    /// <summary>Every diagnostic of the scenario file and of its policy, sorted by file and position.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }
}

using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules;

/// <summary>The outcome of compiling a policy: the policy when there was no error, and every diagnostic, sorted.</summary>
public sealed class PolicyCompilationResult
{
    internal PolicyCompilationResult(RecoveryPolicy? policy, ImmutableArray<Diagnostic> diagnostics)
    {
        Policy = policy;
        Diagnostics = diagnostics;
    }

    /// <summary>The compiled policy; <c>null</c> when any diagnostic is an error.</summary>
    public RecoveryPolicy? Policy { get; }

    /// <summary>Every diagnostic (errors, warnings, infos), sorted by file and position.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Whether the policy compiled (no errors; warnings may remain).</summary>
    public bool Success => Policy is not null;

    /// <summary>The policy, or an exception that carries every diagnostic.</summary>
    /// <returns>The compiled policy.</returns>
    /// <exception cref="PolicyCompilationException">The policy has errors.</exception>
    public RecoveryPolicy GetPolicyOrThrow() => Policy ?? throw new PolicyCompilationException(Diagnostics);
}

using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules;

/// <summary>Options of a compiled policy.</summary>
public sealed record RecoveryPolicyOptions
{
    /// <summary>The defaults: the system clock.</summary>
    public static RecoveryPolicyOptions Default { get; } = new();

    /// <summary>The clock for <c>evaluatedAt</c> and for computing <c>delay</c> from <c>occurredAt</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How the rules run: tiered by default (interpreted at once, compiled in the background once the policy is in use).</summary>
    public RuleExecution Execution { get; init; } = RuleExecution.Tiered;
}

/// <summary>How a policy's compiled rules run. Every choice gives the same decisions; they differ in load time and speed.</summary>
public enum RuleExecution
{
    /// <summary>Interpreted from load (about a millisecond for hundreds of rules), then compiled to IL on the thread pool after the policy's first evaluations, and swapped in.</summary>
    Tiered = 0,

    /// <summary>Compiled to IL while the policy loads: the slowest load (the JIT), the fastest first evaluation.</summary>
    Compiled = 1,

    /// <summary>Always interpreted: the fastest load, about five times slower evaluation; for policies checked or used only a few times.</summary>
    Interpreted = 2,
}

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

/// <summary>Thrown by the throwing compile methods when a policy has errors; carries every diagnostic.</summary>
public sealed class PolicyCompilationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="diagnostics">All diagnostics of the failed compilation.</param>
    public PolicyCompilationException(ImmutableArray<Diagnostic> diagnostics)
        : base(BuildMessage(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>All diagnostics of the failed compilation.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    private static string BuildMessage(ImmutableArray<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.IsError).ToList();
        return $"The policy has {errors.Count} error(s):" + Environment.NewLine
            + string.Join(Environment.NewLine, errors.Select(d => d.ToString()));
    }
}

using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules;

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

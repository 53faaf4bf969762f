using System.Collections.Immutable;
using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Syntax;

namespace RecoveryRules.Compilation;

/// <summary>
/// The pipeline after the front end: binds the policy syntax (symbols, types, every
/// expression), and, only when there is no error, computes the canonical hash and compiles
/// the rules into a program. A policy with any error never half-loads: the result has no policy.
/// </summary>
internal static class PolicyCompiler
{
    public static PolicyCompilationResult Compile(PolicySyntax syntax, DiagnosticBag diagnostics, RecoveryPolicyOptions? options)
    {
        options ??= RecoveryPolicyOptions.Default;
        var bound = diagnostics.HasErrors ? BindForDiagnostics(syntax, diagnostics) : PolicyBinder.Bind(syntax, diagnostics);
        if (bound is null || diagnostics.HasErrors)
        {
            return new PolicyCompilationResult(null, diagnostics.ToSortedArray());
        }

        var identity = new PolicyIdentity(bound.Id, bound.Version, CanonicalForm.Hash(bound));
        var program = new TieredRuleProgram(bound, options.Execution);
        var policy = new RecoveryPolicy(bound, identity, program, options);
        return new PolicyCompilationResult(policy, diagnostics.ToSortedArray());
    }

    /// <summary>The front end already failed: still bind what it read, to report every problem of the file at once.</summary>
    private static BoundPolicy? BindForDiagnostics(PolicySyntax syntax, DiagnosticBag diagnostics)
    {
        PolicyBinder.Bind(syntax, diagnostics);
        return null;
    }
}

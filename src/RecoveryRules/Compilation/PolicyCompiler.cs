using System.Collections.Immutable;
using RecoveryRules.Analysis;
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

        // Severity configuration is checked on every load, with or without the analysis, and applied last,
        // over everything reported (docs/policy-language.md, "Severity configuration").
        var configuration = DiagnosticConfiguration.Bind(syntax, options, diagnostics);

        // Bound even when the front end failed, to report every problem of the file at once; the
        // binder then returns null.
        var bound = PolicyBinder.Bind(syntax, diagnostics);
        if (bound is null || diagnostics.HasErrors)
        {
            diagnostics.Configure(configuration.Apply);
            return new PolicyCompilationResult(null, Sorted(diagnostics));
        }

        // The analyzers only warn (docs/design.md, "Policy analysis"): they never stop a policy from loading,
        // and they run only when asked (RecoveryPolicyOptions.Analyze: `check` asks), as they cost more than the load.
        if (options.Analyze || options.ReportCoverageGaps)
        {
            PolicyAnalyzer.Analyze(bound, syntax, diagnostics, options.ReportCoverageGaps);
        }

        // An analyzer diagnostic configured as an error stops the policy from loading, as any error does.
        diagnostics.Configure(configuration.Apply);
        if (diagnostics.HasErrors)
        {
            return new PolicyCompilationResult(null, Sorted(diagnostics));
        }

        RecoveryPolicy policy;
        try
        {
            var identity = new PolicyIdentity(bound.Id, bound.Version, CanonicalForm.Hash(bound));
            var program = new TieredRuleProgram(bound, options.Execution);
            policy = new RecoveryPolicy(bound, identity, program, options);
        }
        catch (InsufficientExecutionStackException)
        {
            // The hash and the emitter recurse over trees the parser keeps shallow; only a host
            // thread with a very small stack gets here, and gets a diagnostic, not a stack overflow.
            diagnostics.Add(RecoveryDiagnostics.ExpressionTooDeep, syntax.Location, RecoveryDiagnostics.DeeperThanStack);
            return new PolicyCompilationResult(null, Sorted(diagnostics));
        }

        return new PolicyCompilationResult(policy, Sorted(diagnostics));
    }

    // A clean load has nothing to sort: skipping the sort skips the JIT of LINQ's ordering over a LinePosition key,
    // which ReadyToRun cannot precompile (docs/performance.md, "Where the time goes in a fresh process").
    private static ImmutableArray<Diagnostic> Sorted(DiagnosticBag diagnostics) =>
        diagnostics.Count == 0 ? [] : diagnostics.ToSortedArray();
}

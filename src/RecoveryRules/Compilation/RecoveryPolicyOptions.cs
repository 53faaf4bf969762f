using System.Collections.Immutable;
using RecoveryRules.Diagnostics;

namespace RecoveryRules;

/// <summary>Options of a compiled policy.</summary>
public sealed record RecoveryPolicyOptions
{
    private readonly ImmutableDictionary<string, ConfiguredSeverity>? _diagnosticSeverities;

    /// <summary>The defaults: the system clock.</summary>
    public static RecoveryPolicyOptions Default { get; } = new();

    /// <summary>The clock for <c>evaluatedAt</c> and for computing <c>delay</c> from <c>occurredAt</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How the rules run: tiered by default (interpreted at once, compiled in the background once the policy is in use).</summary>
    public RuleExecution Execution { get; init; } = RuleExecution.Tiered;

    /// <summary>
    /// Whether compiling runs the policy analyzers after binding (docs/design.md, "Policy analysis"):
    /// rules that never match or are never considered (RR1002, RR1003), a <c>when</c> that always holds
    /// (RR1004), rules past the analysis limits (RR1006). Off by default, as Roslyn runs analyzers only
    /// when asked: the analysis enumerates the policy's decision space and costs far more than loading it
    /// (a generated 200-rule policy: about 160 ms against 6 ms, docs/performance.md), which a service
    /// loading or reloading a policy should not pay. <c>recoveryrules check</c> turns it on. The binder's
    /// own warnings (RR1001, and RR1002 for an earlier rule with no condition) are reported either way.
    /// </summary>
    public bool Analyze { get; init; }

    /// <summary>
    /// Whether compiling reports escalation coverage gaps (RR1005, docs/diagnostics.md): the
    /// combinations of severity, tier, channel and the finite facts whose cases fall to no rule
    /// while <c>otherwise</c> does not escalate. Off by default: a policy that decides only some
    /// cases on purpose is common. Turning it on
    /// runs the analysis (as <see cref="Analyze"/> does) with the coverage gaps added.
    /// </summary>
    public bool ReportCoverageGaps { get; init; }

    /// <summary>
    /// The host's severities for analyzer diagnostics (RR1000 and up), by id: <c>RR1003</c> →
    /// <see cref="ConfiguredSeverity.Error"/> makes a rule that never matches an error, <c>RR1001</c> →
    /// <see cref="ConfiguredSeverity.None"/> drops unused defines from the diagnostics. Empty by default:
    /// every diagnostic has its descriptor's severity. These are the weakest settings: a rule's
    /// <c>suppress:</c>, the policy's <c>diagnostics:</c> and the <c>.editorconfig</c> files that
    /// <c>PolicyYaml.CompileFile</c> reads beside the policy each override them, in that order
    /// (docs/policy-language.md, "Severity configuration"). They apply to whatever diagnostics the
    /// compilation reports, so a severity for an analyzer id matters only under <see cref="Analyze"/>
    /// (the binder's own warnings, RR1001 and RR1002, are reported either way).
    /// </summary>
    /// <exception cref="ArgumentException">An id is not an analyzer diagnostic of <see cref="RecoveryDiagnostics"/>
    /// (a compiler id such as RR0201 is not configurable), or a value is not a defined <see cref="ConfiguredSeverity"/>.</exception>
    public ImmutableDictionary<string, ConfiguredSeverity> DiagnosticSeverities
    {
        // Null until set: the default options build no dictionary, as an ImmutableDictionary over the enum is
        // generic code that ReadyToRun cannot precompile (docs/performance.md, "Where the time goes in a fresh process").
        get => _diagnosticSeverities ?? EmptySeverities.Value;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var (id, severity) in value)
            {
                if (Compilation.DiagnosticConfiguration.Problem(id) is { } problem)
                {
                    throw new ArgumentException($"DiagnosticSeverities cannot configure '{id}': {problem}", nameof(value));
                }

                if (!Enum.IsDefined(severity))
                {
                    throw new ArgumentException($"DiagnosticSeverities gives '{id}' the severity {(int)severity}, which is none of error, warning, info, none.", nameof(value));
                }
            }

            _diagnosticSeverities = value.WithComparers(StringComparer.Ordinal);
        }
    }

    /// <summary>Whether the host gave any severity: false for the defaults, without building their empty dictionary.</summary>
    internal bool HasDiagnosticSeverities => _diagnosticSeverities is { IsEmpty: false };
}

// The empty severities, built when a host reads them.
file static class EmptySeverities
{
    public static readonly ImmutableDictionary<string, ConfiguredSeverity> Value = ImmutableDictionary.Create<string, ConfiguredSeverity>(StringComparer.Ordinal);
}

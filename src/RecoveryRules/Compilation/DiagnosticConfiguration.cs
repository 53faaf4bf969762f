using System.Collections.Frozen;
using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Compilation;

/// <summary>
/// Severity configuration (docs/policy-language.md, "Severity configuration"): which severity each analyzer
/// diagnostic (RR1000 and up) is reported with, and which rules suppress which ids. Checked on every
/// compilation, with or without the analysis, so a misspelled id or word is reported on a normal load;
/// applied once every stage has reported, as a filter over the collected diagnostics, so every analyzer
/// obeys it without knowing about it. Most specific wins: a rule's <c>suppress:</c>, then the policy's
/// <c>diagnostics:</c>, then the <c>.editorconfig</c> settings (the nearest file's, the last matching
/// section's), then <see cref="RecoveryPolicyOptions.DiagnosticSeverities"/>, then the descriptor's default.
/// </summary>
internal sealed class DiagnosticConfiguration
{
    /// <summary>
    /// No configuration: every diagnostic keeps its severity. The load of a policy without settings stops here, so
    /// it builds none of the tables below (docs/performance.md, "Where the time goes in a fresh process").
    /// </summary>
    public static DiagnosticConfiguration None { get; } = new(null, []);

    // Null for none: an ImmutableDictionary over the enum is generic code that ReadyToRun cannot precompile.
    private readonly ImmutableDictionary<string, ConfiguredSeverity>? _severities;
    private readonly (SourceLocation Rule, string Id)[] _suppressions;

    private DiagnosticConfiguration(ImmutableDictionary<string, ConfiguredSeverity>? severities, (SourceLocation Rule, string Id)[] suppressions)
    {
        _severities = severities;
        _suppressions = suppressions;
    }

    /// <summary>Whether severity configuration applies to a descriptor: the analyzers' ids, RR1000 and up.</summary>
    public static bool IsAnalyzer(DiagnosticDescriptor descriptor) => descriptor.Category == DiagnosticCategory.Analysis;

    /// <summary>Why <paramref name="id"/> cannot be configured, for the host's options; <c>null</c> when it can.</summary>
    public static string? Problem(string? id) => id switch
    {
        null => "an id is null",
        _ when !Known.Descriptors.TryGetValue(id, out var descriptor) =>
            $"it is not the id of a diagnostic{Suggestions.DidYouMean(id, Known.AnalyzerIds)}; only the analyzers' diagnostics, RR1000 and up, can be configured",
        _ when !IsAnalyzer(Known.Descriptors[id]) => $"it is reported by the compiler ({Known.Descriptors[id].Title}); only the analyzers' diagnostics, RR1000 and up, can be configured",
        _ => null,
    };

    /// <summary>
    /// Checks the settings of <paramref name="syntax"/> (its <c>diagnostics:</c>, its rules' <c>suppress:</c>,
    /// the <c>.editorconfig</c> settings the front end found) and combines them with the host's.
    /// Each unknown id (RR0030), compiler id (RR0031), severity word (RR0010) and suppression without a
    /// reason (RR0032) is reported; the settings that are valid still apply.
    /// </summary>
    public static DiagnosticConfiguration Bind(PolicySyntax syntax, RecoveryPolicyOptions options, DiagnosticBag diagnostics)
    {
        if (syntax.DiagnosticSettings.IsEmpty && syntax.EditorConfigSettings.IsEmpty && !options.HasDiagnosticSeverities
            && !HasSuppressions(syntax))
        {
            return None;
        }

        // Weakest first, so that each stronger setting overwrites.
        var severities = options.DiagnosticSeverities.ToBuilder();
        foreach (var setting in syntax.EditorConfigSettings.Concat(syntax.DiagnosticSettings))
        {
            var configurable = CheckId(setting.Id, "given a severity", diagnostics);
            if (BindSeverity(setting.Severity, diagnostics) is { } severity && configurable)
            {
                severities[setting.Id.Value] = severity;
            }
        }

        var suppressions = new List<(SourceLocation, string)>();
        foreach (var rule in syntax.Rules)
        {
            foreach (var suppression in rule.Suppressions)
            {
                var configurable = CheckId(suppression.Id, "suppressed", diagnostics);
                if (string.IsNullOrWhiteSpace(suppression.Reason.Value))
                {
                    var owner = rule.Id is { Value.Length: > 0 } id ? $"The rule '{id.Value}'" : "A rule";
                    diagnostics.Add(RecoveryDiagnostics.SuppressionWithoutReason, suppression.Reason.Location, owner, suppression.Id.Value);
                }
                else if (configurable)
                {
                    suppressions.Add((rule.Location, suppression.Id.Value));
                }
            }
        }

        return new DiagnosticConfiguration(severities.ToImmutable(), [.. suppressions]);
    }

    private static bool HasSuppressions(PolicySyntax syntax)
    {
        foreach (var rule in syntax.Rules)
        {
            if (!rule.Suppressions.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The diagnostic as configuration reports it: <c>null</c> when suppressed or configured <c>none</c>,
    /// else with its configured severity. Diagnostics below RR1000 pass unchanged.
    /// </summary>
    public Diagnostic? Apply(Diagnostic diagnostic)
    {
        if (!IsAnalyzer(diagnostic.Descriptor))
        {
            return diagnostic;
        }

        foreach (var (rule, id) in _suppressions)
        {
            if (id == diagnostic.Id && Contains(rule, diagnostic.Location))
            {
                return null;
            }
        }

        return _severities is not null && _severities.TryGetValue(diagnostic.Id, out var severity)
            ? severity switch
            {
                ConfiguredSeverity.Error => diagnostic.WithSeverity(DiagnosticSeverity.Error),
                ConfiguredSeverity.Warning => diagnostic.WithSeverity(DiagnosticSeverity.Warning),
                ConfiguredSeverity.Info => diagnostic.WithSeverity(DiagnosticSeverity.Info),
                _ => null,
            }
            : diagnostic;
    }

    // A diagnostic lies in a rule when it starts inside the rule's mapping, in the same file.
    private static bool Contains(SourceLocation rule, SourceLocation location) =>
        rule.Path == location.Path
        && location.Span.Start.CompareTo(rule.Span.Start) >= 0
        && location.Span.Start.CompareTo(rule.Span.End) <= 0;

    /// <summary>Reports an id that is unknown or not an analyzer's; whether it can be configured.</summary>
    private static bool CheckId(ScalarSyntax id, string what, DiagnosticBag diagnostics)
    {
        if (!Known.Descriptors.TryGetValue(id.Value, out var descriptor))
        {
            diagnostics.Add(RecoveryDiagnostics.UnknownDiagnosticId, id.Location, id.Value, Suggestions.DidYouMean(id.Value, Known.AnalyzerIds));
            return false;
        }

        if (!IsAnalyzer(descriptor))
        {
            diagnostics.Add(RecoveryDiagnostics.DiagnosticNotConfigurable, id.Location, id.Value, descriptor.Title, what);
            return false;
        }

        return true;
    }

    private static ConfiguredSeverity? BindSeverity(ScalarSyntax severity, DiagnosticBag diagnostics)
    {
        foreach (var (word, value) in Known.Words)
        {
            if (severity.Value == word)
            {
                return value;
            }
        }

        var words = Known.Words.Select(w => w.Word).ToArray();
        diagnostics.Add(RecoveryDiagnostics.InvalidChoice, severity.Location, severity.Value, "severity", Suggestions.DidYouMean(severity.Value, words), string.Join(", ", words));
        return null;
    }

    // The descriptors by id, built the first time an id is checked (a setting, a suppression, a host's severity),
    // not on every load.
    private static class Known
    {
        /// <summary>The words of a severity, in the order messages list them.</summary>
        public static readonly (string Word, ConfiguredSeverity Value)[] Words =
        [
            ("error", ConfiguredSeverity.Error),
            ("warning", ConfiguredSeverity.Warning),
            ("info", ConfiguredSeverity.Info),
            ("none", ConfiguredSeverity.None),
        ];

        public static readonly FrozenDictionary<string, DiagnosticDescriptor> Descriptors =
            RecoveryDiagnostics.All.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);

        public static readonly ImmutableArray<string> AnalyzerIds = [.. RecoveryDiagnostics.All.Where(IsAnalyzer).Select(d => d.Id)];
    }
}

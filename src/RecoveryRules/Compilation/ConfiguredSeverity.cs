namespace RecoveryRules.Diagnostics;

/// <summary>
/// The severity a policy, an <c>.editorconfig</c> or the host gives an analyzer diagnostic (RR1000 and up),
/// in place of its default (docs/policy-language.md, "Severity configuration"). Written in a policy as
/// <c>error</c>, <c>warning</c>, <c>info</c> or <c>none</c>.
/// </summary>
public enum ConfiguredSeverity
{
    /// <summary>Reported as an error: the policy does not load while the diagnostic is reported.</summary>
    Error,

    /// <summary>Reported as a warning.</summary>
    Warning,

    /// <summary>Reported as an info.</summary>
    Info,

    /// <summary>Not reported at all: left out of <see cref="PolicyCompilationResult.Diagnostics"/>.</summary>
    None,
}

namespace RecoveryRules.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Something worth knowing; the policy is fine.</summary>
    Info = 0,

    /// <summary>Probably a mistake; the policy still loads.</summary>
    Warning = 1,

    /// <summary>The policy (or case) cannot be used.</summary>
    Error = 2,
}

namespace RecoveryRules.Syntax;

// Severity configuration as written (docs/policy-language.md, "Severity configuration"): the policy's
// `diagnostics:` entries, the settings an .editorconfig gives, and a rule's `suppress:` entries. Values
// stay text here; the compiler checks the ids and words (Compilation/DiagnosticConfiguration).

/// <summary>
/// One severity setting: <c>RR1003: error</c> under a policy's <c>diagnostics:</c>, or
/// <c>recoveryrules_diagnostic.RR1003.severity = error</c> in an <c>.editorconfig</c> (then both scalars
/// are located in that file).
/// </summary>
/// <param name="Id">The diagnostic id.</param>
/// <param name="Severity">The severity word: error, warning, info or none.</param>
internal sealed record SeveritySettingSyntax(ScalarSyntax Id, ScalarSyntax Severity);

/// <summary>One entry of a rule's <c>suppress:</c>: <c>RR1004: "otherwise covers it on purpose"</c>.</summary>
/// <param name="Id">The diagnostic id to suppress inside the rule.</param>
/// <param name="Reason">Why; required and not empty.</param>
internal sealed record SuppressionSyntax(ScalarSyntax Id, ScalarSyntax Reason);

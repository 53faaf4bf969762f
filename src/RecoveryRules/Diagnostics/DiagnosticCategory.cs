namespace RecoveryRules.Diagnostics;

/// <summary>Which stage found a problem.</summary>
public enum DiagnosticCategory
{
    /// <summary>The YAML document and the policy's keys (RR0001–RR0099).</summary>
    Document,

    /// <summary>Expression syntax (RR0100–RR0199).</summary>
    Syntax,

    /// <summary>Names and types (RR0200–RR0399).</summary>
    Binding,

    /// <summary>A case's input or evaluation (RR0400–RR0499).</summary>
    Case,

    /// <summary>Analyzers that look at a well-formed policy (RR1000 and up).</summary>
    Analysis,

    /// <summary>Scenario files (<c>*.tests.yaml</c>) and what they expect (RR0500–RR0599).</summary>
    Scenario,

    /// <summary>A host's typed case mapping (<see cref="CaseMap{TSource}"/>) against a policy, and its failures for one case (RR0600–RR0699).</summary>
    Embedding,
}

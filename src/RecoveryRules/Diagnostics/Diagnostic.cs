using RecoveryRules.Text;

namespace RecoveryRules.Diagnostics;

/// <summary>One problem found in a policy or case: id, severity, message and location.</summary>
public sealed record Diagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    /// <param name="descriptor">What kind of problem.</param>
    /// <param name="location">Where.</param>
    /// <param name="message">The formatted message.</param>
    public Diagnostic(DiagnosticDescriptor descriptor, SourceLocation location, string message)
    {
        Descriptor = descriptor;
        Location = location;
        Message = message;
        Severity = descriptor.DefaultSeverity;
    }

    /// <summary>What kind of problem.</summary>
    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>The stable id, <c>RRnnnn</c>.</summary>
    public string Id => Descriptor.Id;

    /// <summary>
    /// The severity: the descriptor's default, or the one severity configuration gave it
    /// (docs/policy-language.md, "Severity configuration").
    /// </summary>
    public DiagnosticSeverity Severity { get; private init; }

    /// <summary>Where the problem is.</summary>
    public SourceLocation Location { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string Message { get; }

    /// <summary>Whether this is an error.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Creates a diagnostic from a descriptor and message arguments.</summary>
    /// <param name="descriptor">What kind of problem.</param>
    /// <param name="location">Where.</param>
    /// <param name="arguments">The message arguments.</param>
    /// <returns>The diagnostic.</returns>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] arguments) =>
        new(descriptor, location, descriptor.Format(arguments));

    /// <summary>The same diagnostic with another severity, as severity configuration reports it.</summary>
    /// <param name="severity">The severity to report it with.</param>
    /// <returns>The diagnostic with <paramref name="severity"/>.</returns>
    public Diagnostic WithSeverity(DiagnosticSeverity severity) =>
        severity == Severity ? this : this with { Severity = severity };

    /// <summary>Formats the diagnostic the way compilers do, so terminals and IDEs link it:
    /// <c>path(line,col): error RRnnnn: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return $"{Location}: {severity} {Id}: {Message}";
    }
}

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Testing;

/// <summary>
/// Checks every diagnostic that any test produces from policy text: each must lie inside its text
/// (docs/design.md §4). Every test project links this file. The reader and the YAML front door hand
/// each finished text to <see cref="DiagnosticLocations.Observer"/>; a diagnostic outside fails the
/// test that compiled it.
/// </summary>
internal static class DiagnosticLocationCheck
{
#pragma warning disable CA2255 // A test assembly, not a library: the check must be on before the first test runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Enable() => DiagnosticLocations.Observer = Check;

    private static void Check(string text, ImmutableArray<Diagnostic> diagnostics)
    {
        if (DiagnosticLocations.FindOutside(text, diagnostics) is { } problem)
        {
            throw new Xunit.Sdk.XunitException(problem);
        }
    }
}

/// <summary>The check above is on in this test assembly.</summary>
public sealed class DiagnosticLocationCheckTests
{
    [Fact]
    public void Every_compilation_in_this_assembly_checks_its_diagnostic_locations()
    {
        DiagnosticLocations.Observer.Should().NotBeNull();

        var outside = () => DiagnosticLocations.Observer!("a: 1", [Diagnostic.Create(
            RecoveryDiagnostics.InvalidYaml,
            new RecoveryRules.Text.SourceLocation("p.yaml", new RecoveryRules.Text.LinePositionSpan(new RecoveryRules.Text.LinePosition(3, 0), new RecoveryRules.Text.LinePosition(3, 0))),
            "x")]);

        outside.Should().Throw<Xunit.Sdk.XunitException>().WithMessage("RR0001 lies outside its text*");
    }
}

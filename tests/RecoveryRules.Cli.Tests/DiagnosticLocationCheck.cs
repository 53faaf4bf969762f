using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Cli.Tests;

/// <summary>
/// Checks every diagnostic that any test of this assembly produces from policy text: each must lie
/// inside its text (docs/design.md §4). The reader and the YAML front door hand each finished text
/// to <see cref="DiagnosticLocations.Observer"/>; a diagnostic outside fails the test that compiled it.
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

using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Output;

/// <summary>What <c>check</c> found: each file as given on the command line with its diagnostics, in order.</summary>
internal sealed class CheckReport
{
    public CheckReport(IReadOnlyList<CheckedFile> files)
    {
        Files = files;
        foreach (var diagnostic in files.SelectMany(file => file.Diagnostics))
        {
            switch (diagnostic.Severity)
            {
                case DiagnosticSeverity.Error: Errors++; break;
                case DiagnosticSeverity.Warning: Warnings++; break;
                default: Infos++; break;
            }
        }
    }

    /// <summary>The files, in the order given.</summary>
    public IReadOnlyList<CheckedFile> Files { get; }

    /// <summary>How many diagnostics are errors.</summary>
    public int Errors { get; }

    /// <summary>How many diagnostics are warnings.</summary>
    public int Warnings { get; }

    /// <summary>How many diagnostics are infos.</summary>
    public int Infos { get; }

    /// <summary>Every diagnostic with the path it is reported at (the file as given when the diagnostic has none).</summary>
    public IEnumerable<(string Path, Diagnostic Diagnostic)> Diagnostics =>
        Files.SelectMany(file => file.Diagnostics.Select(diagnostic => (PathOf(diagnostic, file.Path), diagnostic)));

    /// <summary>The path a diagnostic is reported at.</summary>
    public static string PathOf(Diagnostic diagnostic, string fileAsGiven) =>
        diagnostic.Location.Path.Length == 0 ? fileAsGiven : diagnostic.Location.Path;
}

/// <summary>One checked file: its path as given and its diagnostics, by position.</summary>
internal sealed record CheckedFile(string Path, IReadOnlyList<Diagnostic> Diagnostics);

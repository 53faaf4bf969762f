using System.Globalization;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// Prints diagnostics the way compilers do, one per line, so terminals and IDEs turn them into links:
/// <c>path(line,col): error|warning|info RRnnnn: message</c>, line and column one-based.
/// </summary>
internal static class DiagnosticLines
{
    /// <summary>Formats one diagnostic; a diagnostic without a path gets the path of the file it came from.</summary>
    public static string Format(Diagnostic diagnostic, string fileAsGiven)
    {
        var path = diagnostic.Location.Path.Length == 0 ? fileAsGiven : diagnostic.Location.Path;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{path}({diagnostic.Location.Span.Start}): {SeverityWord(diagnostic.Severity)} {diagnostic.Id}: {diagnostic.Message}");
    }

    /// <summary>The word printed for a severity.</summary>
    public static string SeverityWord(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Writes each diagnostic at or above a severity, in the order given (the compiler's: by position).</summary>
    public static void Write(TextWriter writer, IEnumerable<Diagnostic> diagnostics, string fileAsGiven, DiagnosticSeverity minimum = DiagnosticSeverity.Info)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity >= minimum)
            {
                writer.WriteLine(Format(diagnostic, fileAsGiven));
            }
        }
    }

    /// <summary>The closing line of <c>check</c>: <c>2 files checked: 1 error, 1 warning</c> (infos counted when there are any).</summary>
    public static string Summary(int files, int errors, int warnings, int infos)
    {
        var summary = $"{Count(files, "file")} checked: {Count(errors, "error")}, {Count(warnings, "warning")}";
        return infos > 0 ? summary + ", " + Count(infos, "info") : summary;
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}

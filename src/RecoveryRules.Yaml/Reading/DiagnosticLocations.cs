using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Yaml.Reading;

// Every diagnostic about a policy text lies inside that text (docs/design.md §4, "Inside the
// text"). The product keeps the rule through SourcePositions and never checks it at run time;
// test assemblies set Observer in a module initializer, so every read and every compilation of
// the test suites is checked, and a diagnostic outside its text fails the test that produced it.
internal static class DiagnosticLocations
{
    /// <summary>
    /// Called with each text and its diagnostics after the reader or <see cref="PolicyYaml"/> has
    /// finished with it; <c>null</c> (nothing is called) unless a test assembly sets it.
    /// </summary>
    public static Action<string, ImmutableArray<Diagnostic>>? Observer { get; set; }

    /// <summary>Describes the first diagnostic that lies outside <paramref name="text"/>; <c>null</c> when all lie inside.</summary>
    /// <param name="text">The text as given to the reader (a leading byte order mark is not part of any line).</param>
    /// <param name="diagnostics">The diagnostics reported for it.</param>
    /// <returns>A description of the offending diagnostic, or <c>null</c>.</returns>
    public static string? FindOutside(string text, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var positions = new SourcePositions(text.StartsWith('\uFEFF') ? text[1..] : text);
        foreach (var diagnostic in diagnostics)
        {
            var span = diagnostic.Location.Span;
            if (!positions.Contains(span))
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{diagnostic.Id} lies outside its text: zero-based {span.Start.Line}:{span.Start.Character}-{span.End.Line}:{span.End.Character}, but the text has {positions.LineCount} line(s){LastLine(positions)}. The diagnostic: {diagnostic}");
            }
        }

        return null;
    }

    /// <summary>Hands a finished text and its diagnostics to <see cref="Observer"/>, when one is set.</summary>
    internal static void Observe(string text, Func<ImmutableArray<Diagnostic>> diagnostics) =>
        Observer?.Invoke(text, diagnostics());

    private static string LastLine(SourcePositions positions)
    {
        var last = positions.LineCount - 1;
        return string.Create(CultureInfo.InvariantCulture, $" and its last, {last}, has {positions.LineEnd(last) - positions.LineStart(last)} character(s)");
    }
}

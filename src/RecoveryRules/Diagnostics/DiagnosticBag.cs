using System.Collections.Immutable;
using RecoveryRules.Text;

namespace RecoveryRules.Diagnostics;

/// <summary>Collects diagnostics as the stages run; stages report here and never throw.</summary>
internal sealed class DiagnosticBag
{
    /// <summary>At most this many diagnostics are kept for one file; the rest are summarized.</summary>
    public const int Limit = 200;

    private readonly List<Diagnostic> _items = [];

    public int Count => _items.Count;

    public bool HasErrors { get; private set; }

    public void Add(Diagnostic diagnostic)
    {
        HasErrors |= diagnostic.IsError;
        _items.Add(diagnostic);
    }

    public void Add(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] arguments) =>
        Add(Diagnostic.Create(descriptor, location, arguments));

    /// <summary>Whether an error was reported inside <paramref name="location"/> (same file, starting within its range).</summary>
    public bool HasErrorWithin(SourceLocation location) =>
        _items.Any(d => d.IsError && d.Location.Path == location.Path
            && d.Location.Span.Start.CompareTo(location.Span.Start) >= 0
            && d.Location.Span.Start.CompareTo(location.Span.End) <= 0);

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Add(diagnostic);
        }
    }

    /// <summary>The diagnostics sorted by file, position and id, without exact duplicates, capped at <see cref="Limit"/>.</summary>
    public ImmutableArray<Diagnostic> ToSortedArray() => Sort(_items);

    public static ImmutableArray<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics)
    {
        var sorted = diagnostics
            .Distinct()
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Span.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
        if (sorted.Count > Limit)
        {
            var last = sorted[Limit - 1].Location;
            var dropped = sorted.Count - Limit;
            sorted.RemoveRange(Limit, sorted.Count - Limit);
            sorted.Add(Diagnostic.Create(RecoveryDiagnostics.TooManyDiagnostics, last, dropped));
        }

        return [.. sorted];
    }
}

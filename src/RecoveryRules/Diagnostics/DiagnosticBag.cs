using System.Collections.Immutable;
using RecoveryRules.Text;

namespace RecoveryRules.Diagnostics;

/// <summary>Collects diagnostics as the stages run; stages report here and never throw.</summary>
internal sealed class DiagnosticBag
{
    /// <summary>At most this many diagnostics are kept for one file; the rest are summarized.</summary>
    public const int Limit = 200;

    /// <summary>A hostile file can produce hundreds of thousands of problems: past this many only a count is kept.</summary>
    private const int Kept = Limit * 10;

    private readonly List<Diagnostic> _items = [];
    private int _dropped;

    public int Count => _items.Count + _dropped;

    public bool HasErrors { get; private set; }

    public void Add(Diagnostic diagnostic)
    {
        HasErrors |= diagnostic.IsError;
        if (_items.Count < Kept)
        {
            _items.Add(diagnostic);
        }
        else
        {
            _dropped++;
        }
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

    /// <summary>
    /// Replaces each diagnostic by what <paramref name="configure"/> makes of it, dropping those it maps to
    /// <c>null</c> (severity configuration, Compilation/DiagnosticConfiguration), and recounts the errors.
    /// </summary>
    public void Configure(Func<Diagnostic, Diagnostic?> configure)
    {
        var configured = _items.Select(configure).OfType<Diagnostic>().ToList();
        _items.Clear();
        _items.AddRange(configured);
        HasErrors = _items.Any(d => d.IsError);
    }

    /// <summary>The diagnostics sorted by file, position and id, without exact duplicates, capped at <see cref="Limit"/>.</summary>
    public ImmutableArray<Diagnostic> ToSortedArray() => Sort(_items, _dropped);

    public static ImmutableArray<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics, int alreadyDropped = 0)
    {
        var sorted = diagnostics
            .Distinct()
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Span.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
        if (sorted.Count + alreadyDropped > Limit)
        {
            var last = sorted[Math.Min(Limit, sorted.Count) - 1].Location;
            var dropped = sorted.Count + alreadyDropped - Limit;
            sorted.RemoveRange(Math.Min(Limit, sorted.Count), sorted.Count - Math.Min(Limit, sorted.Count));
            sorted.Add(Diagnostic.Create(RecoveryDiagnostics.TooManyDiagnostics, last, dropped));
        }

        return [.. sorted];
    }
}

namespace RecoveryRules.Text;

/// <summary>
/// Maps offsets inside an expression's text (a YAML scalar's value) back to the file.
/// Each segment says that the value's characters from <see cref="Segment.Offset"/> on sit
/// at <see cref="Segment.Position"/> and onward on the same line, for <see cref="Segment.Length"/>
/// characters: an offset past a run (a folded break, the end of the value) maps to just after the
/// run's last character, so a location never leaves the line the run is on (docs/design.md §4).
/// When the mapping is not exact (escapes, folding), the map is <see cref="IsExact"/> <c>false</c>
/// and every offset maps to the whole scalar.
/// </summary>
internal sealed class SourceMap
{
    /// <summary>One run of value characters that sits on one line of the file.</summary>
    /// <param name="Offset">The offset in the value where the run starts.</param>
    /// <param name="Position">The file position of that character.</param>
    /// <param name="Length">How many characters of the value the run holds on that line.</param>
    public readonly record struct Segment(int Offset, LinePosition Position, int Length = int.MaxValue);

    // An array, not an immutable array: ImmutableArray over this struct is generic code that ReadyToRun cannot
    // precompile, and every scalar of a policy has a map (docs/performance.md, "Where the time goes in a fresh process").
    // Never written after construction.
    private readonly Segment[] _segments;

    // Not [] (Array.Empty<Segment>, a generic method over this struct that a fresh process would JIT).
    private static readonly Segment[] NoSegments = (Segment[])Array.CreateInstanceFromArrayType(typeof(Segment[]), 0);

    private SourceMap(string path, LinePositionSpan node, Segment[] segments, bool exact)
    {
        Path = path;
        Node = node;
        _segments = segments;
        IsExact = exact;
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>The range of the whole node (scalar) in the file.</summary>
    public LinePositionSpan Node { get; }

    /// <summary>Whether offsets map exactly to file columns.</summary>
    public bool IsExact { get; }

    /// <summary>A map for a value whose characters sit in the file in runs (one per line).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="node">The whole node's range.</param>
    /// <param name="segments">The runs, in increasing offset order; the first has offset 0.</param>
    /// <returns>The map.</returns>
    public static SourceMap Exact(string path, LinePositionSpan node, Segment[] segments) =>
        new(path, node, segments, exact: true);

    /// <summary>A map for a value that starts on one line at <paramref name="contentStart"/> and has no escapes.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="node">The whole node's range.</param>
    /// <param name="contentStart">Where the value's first character is.</param>
    /// <param name="length">The value's length, when known: offsets past it map to its end.</param>
    /// <returns>The map.</returns>
    public static SourceMap SingleLine(string path, LinePositionSpan node, LinePosition contentStart, int length = int.MaxValue) =>
        new(path, node, [new Segment(0, contentStart, length)], exact: true);

    /// <summary>A map that points every offset at the whole node.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="node">The whole node's range.</param>
    /// <returns>The map.</returns>
    public static SourceMap Whole(string path, LinePositionSpan node) =>
        new(path, node, NoSegments, exact: false);

    /// <summary>A map for text that is not from a file: offsets are columns on line 0.</summary>
    /// <param name="path">The name to report.</param>
    /// <param name="length">The text's length.</param>
    /// <returns>The map.</returns>
    public static SourceMap Detached(string path, int length) =>
        new(path, new LinePositionSpan(default, new LinePosition(0, length)), [new Segment(0, default, length)], exact: true);

    /// <summary>The file position of a value offset.</summary>
    /// <param name="offset">An offset inside the value.</param>
    /// <returns>The position.</returns>
    public LinePosition Map(int offset)
    {
        if (!IsExact || _segments.Length == 0)
        {
            return Node.Start;
        }

        var segment = SegmentOf(offset);
        return new LinePosition(segment.Position.Line, segment.Position.Character + Math.Clamp(offset - segment.Offset, 0, segment.Length));
    }

    // The position just after the character at end - 1: on that character's line, at most at its run's end.
    private LinePosition MapEnd(int end)
    {
        var segment = SegmentOf(end - 1);
        return new LinePosition(segment.Position.Line, segment.Position.Character + Math.Clamp(end - segment.Offset, 0, segment.Length));
    }

    private Segment SegmentOf(int offset)
    {
        var segment = _segments[0];
        foreach (var candidate in _segments)
        {
            if (candidate.Offset > offset)
            {
                break;
            }

            segment = candidate;
        }

        return segment;
    }

    /// <summary>The file location of a span of the value.</summary>
    /// <param name="span">The span inside the value.</param>
    /// <returns>The location.</returns>
    public SourceLocation Locate(TextSpan span)
    {
        if (!IsExact)
        {
            return new SourceLocation(Path, Node);
        }

        var start = Map(span.Start);
        var end = span.Length <= 0 ? start : MapEnd(span.End);
        return new SourceLocation(Path, new LinePositionSpan(start, end.CompareTo(start) < 0 ? start : end));
    }
}

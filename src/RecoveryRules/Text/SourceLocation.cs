namespace RecoveryRules.Text;

/// <summary>Where something is in a policy or case file: the path and a range of lines and columns.</summary>
/// <param name="Path">The file path as given by the caller (may be empty for in-memory text).</param>
/// <param name="Span">The zero-based range.</param>
public sealed record SourceLocation(string Path, LinePositionSpan Span)
{
    /// <summary>A location that points nowhere in particular (for problems without a place).</summary>
    public static SourceLocation None { get; } = new(string.Empty, default);

    /// <summary>The zero-based start line.</summary>
    public int Line => Span.Start.Line;

    /// <summary>The zero-based start column.</summary>
    public int Column => Span.Start.Character;

    /// <summary>Formats the location as <c>path(line,col)</c>, one-based.</summary>
    public override string ToString() => $"{Path}({Span.Start})";
}

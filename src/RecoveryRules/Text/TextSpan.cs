namespace RecoveryRules.Text;

/// <summary>A range of characters, <c>[Start, End)</c>, inside an expression or source text.</summary>
/// <param name="Start">The zero-based offset of the first character.</param>
/// <param name="Length">The number of characters.</param>
internal readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset just after the last character.</summary>
    public int End => Start + Length;

    /// <summary>Creates the span from <paramref name="start"/> to <paramref name="end"/>.</summary>
    /// <param name="start">The first offset.</param>
    /// <param name="end">The offset after the last character.</param>
    /// <returns>The span.</returns>
    public static TextSpan FromBounds(int start, int end) => new(start, end - start);
}

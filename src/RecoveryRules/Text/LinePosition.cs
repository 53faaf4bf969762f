using System.Globalization;

namespace RecoveryRules.Text;

/// <summary>A zero-based line and character position in a source file.</summary>
/// <param name="Line">The zero-based line.</param>
/// <param name="Character">The zero-based character (column) on the line.</param>
public readonly record struct LinePosition(int Line, int Character) : IComparable<LinePosition>
{
    /// <inheritdoc />
    public int CompareTo(LinePosition other)
    {
        var byLine = Line.CompareTo(other.Line);
        return byLine != 0 ? byLine : Character.CompareTo(other.Character);
    }

    /// <summary>Formats the position one-based, as printed for people: <c>line,col</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Line + 1},{Character + 1}");
}

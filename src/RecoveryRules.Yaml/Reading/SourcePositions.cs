using RecoveryRules.Text;
using YamlDotNet.Core;

namespace RecoveryRules.Yaml.Reading;

// Positions in the document being read. YamlDotNet's marks are one-based; FromMark is the one
// place they become zero-based. The line table answers the same question for offsets the reader
// finds in the text itself (a scalar's content after its quote, a block scalar's lines), and
// breaks lines exactly where YamlDotNet does: CR LF, CR, LF, NEL, LS and PS.
internal sealed class SourcePositions
{
    private readonly string _text;
    private readonly List<int> _lineStarts = [0];

    public SourcePositions(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            var length = BreakLength(text, i);
            if (length > 0)
            {
                i += length - 1;
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The number of lines (a text ending in a break has an empty last line).</summary>
    public int LineCount => _lineStarts.Count;

    /// <summary>Converts a YamlDotNet mark (one-based line and column) to a zero-based position.</summary>
    public static LinePosition FromMark(Mark mark) =>
        new(ToInt(mark.Line - 1), ToInt(mark.Column - 1));

    /// <summary>The zero-based range between two YamlDotNet marks.</summary>
    public static LinePositionSpan FromMarks(Mark start, Mark end) =>
        new(FromMark(start), FromMark(end));

    /// <summary>A mark's offset in the text, clamped to the text.</summary>
    public int IndexOf(Mark mark) => (int)Math.Clamp(mark.Index, 0, _text.Length);

    /// <summary>The zero-based position of a text offset.</summary>
    public LinePosition At(int index)
    {
        index = Math.Clamp(index, 0, _text.Length);
        var line = _lineStarts.BinarySearch(index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line, index - _lineStarts[line]);
    }

    /// <summary>The zero-based line of a text offset.</summary>
    public int LineOf(int index) => At(index).Line;

    /// <summary>The offset where a line starts.</summary>
    public int LineStart(int line) => _lineStarts[line];

    /// <summary>The offset just after a line's last character, before its break.</summary>
    public int LineEnd(int line)
    {
        if (line + 1 >= _lineStarts.Count)
        {
            return _text.Length;
        }

        var next = _lineStarts[line + 1];
        return next >= 2 && _text[next - 2] == '\r' && _text[next - 1] == '\n' ? next - 2 : next - 1;
    }

    /// <summary>The length of the line break at <paramref name="index"/>, or 0 when there is none.</summary>
    public static int BreakLength(string text, int index) => text[index] switch
    {
        '\r' => index + 1 < text.Length && text[index + 1] == '\n' ? 2 : 1,
        '\n' or '\u0085' or '\u2028' or '\u2029' => 1,
        _ => 0,
    };

    private static int ToInt(long value) => (int)Math.Clamp(value, 0, int.MaxValue);
}

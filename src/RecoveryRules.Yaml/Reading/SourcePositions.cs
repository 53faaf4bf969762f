using RecoveryRules.Text;
using YamlDotNet.Core;

namespace RecoveryRules.Yaml.Reading;

// Positions in the document being read (docs/design.md §4). Every position the reader reports
// comes from here, and every one lies inside the text: on one of its lines, at most just after
// that line's last character. YamlDotNet's marks are one-based and may lie past the text (the
// stream's end is on a line after the last, an empty document's scalar one character past the
// end); FromMark is the one place they are converted, from the mark's offset, clamped to the
// text. A text that ends with a line break has no line after that break: an offset there is the
// end of the last line. Lines break exactly where YamlDotNet breaks them: CR LF, CR, LF, NEL, LS
// and PS; columns count UTF-16 characters (a tab is one, an astral character two).
internal sealed class SourcePositions
{
    private readonly string _text;
    private readonly List<int> _lineStarts = new() { 0 }; // not [0], which compiles to a generic SetCount<int> at run time

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

        // A final line break ends the last line; it does not start an empty one.
        LineCount = _lineStarts.Count > 1 && _lineStarts[^1] == text.Length ? _lineStarts.Count - 1 : _lineStarts.Count;
    }

    /// <summary>The number of lines: an empty text has one, empty; a final line break adds none.</summary>
    public int LineCount { get; }

    /// <summary>Converts a YamlDotNet mark to the zero-based position of its offset, clamped to the text.</summary>
    public LinePosition FromMark(Mark mark) => At(IndexOf(mark));

    /// <summary>The zero-based range between two YamlDotNet marks.</summary>
    public LinePositionSpan FromMarks(Mark start, Mark end)
    {
        var from = FromMark(start);
        var to = FromMark(end);
        return new LinePositionSpan(from, to.CompareTo(from) < 0 ? from : to);
    }

    /// <summary>A mark's offset in the text, clamped to the text.</summary>
    public int IndexOf(Mark mark) => (int)Math.Clamp(mark.Index, 0, _text.Length);

    /// <summary>The zero-based position of a text offset, clamped to the text; an offset after a final line break is the end of the last line.</summary>
    public LinePosition At(int index)
    {
        index = Math.Clamp(index, 0, _text.Length);
        var line = _lineStarts.BinarySearch(index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return line >= LineCount
            ? new LinePosition(LineCount - 1, LineEnd(LineCount - 1) - _lineStarts[LineCount - 1])
            : new LinePosition(line, index - _lineStarts[line]);
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

    /// <summary>
    /// Whether a position lies inside the text: on one of its lines, at a column no further than
    /// just after the line's last character.
    /// </summary>
    public bool Contains(LinePosition position) =>
        position.Line >= 0 && position.Line < LineCount
        && position.Character >= 0 && position.Character <= LineEnd(position.Line) - LineStart(position.Line);

    /// <summary>Whether a range lies inside the text: both ends inside, the start not after the end.</summary>
    public bool Contains(LinePositionSpan span) =>
        Contains(span.Start) && Contains(span.End) && span.Start.CompareTo(span.End) <= 0;

    /// <summary>The length of the line break at <paramref name="index"/>, or 0 when there is none.</summary>
    public static int BreakLength(string text, int index) => text[index] switch
    {
        '\r' => index + 1 < text.Length && text[index + 1] == '\n' ? 2 : 1,
        '\n' or '\u0085' or '\u2028' or '\u2029' => 1,
        _ => 0,
    };
}

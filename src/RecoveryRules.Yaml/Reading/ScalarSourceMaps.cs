using RecoveryRules.Text;
using YamlDotNet.Core;

namespace RecoveryRules.Yaml.Reading;

// Builds the SourceMap of a scalar, so that a diagnostic about a token inside an expression
// points at that token in the file. The map is exact only where every character of the value
// was checked against the file: a single-line plain or quoted scalar without escapes starts at
// its first content character (after the quote, after any tag or anchor); a literal block (|)
// maps line by line at the block's indentation; folded blocks (>) and multi-line plain or quoted
// scalars map run by run where their folding can be replayed. Escapes ('' and \), an explicit
// indentation indicator on a folded block, or anything that does not check out give a map that
// points at the whole scalar.
internal sealed class ScalarSourceMaps(string path, string text, SourcePositions positions)
{
    public SourceMap Create(YamlScalarNode scalar)
    {
        var whole = SourceMap.Whole(path, scalar.Span);
        var start = SkipProperties(scalar.StartIndex, scalar.EndIndex);
        var end = Math.Min(scalar.EndIndex, text.Length);
        if (start > end)
        {
            return scalar.Value.Length == 0 ? SourceMap.SingleLine(path, scalar.Span, scalar.Span.Start, 0) : whole;
        }

        var segments = scalar.Style switch
        {
            ScalarStyle.Plain => Flow(scalar.Value, start, end, quoted: false),
            ScalarStyle.SingleQuoted => Quoted(scalar.Value, start, end, '\'', escape: "''"),
            ScalarStyle.DoubleQuoted => Quoted(scalar.Value, start, end, '"', escape: "\\"),
            ScalarStyle.Literal => Literal(scalar.Value, start, end),
            ScalarStyle.Folded => Folded(scalar.Value, start, end),
            _ => null,
        };

        if (segments is not { Length: > 0 })
        {
            return whole;
        }

        return segments.Length == 1
            ? SourceMap.SingleLine(path, scalar.Span, segments[0].Position, segments[0].Length)
            : SourceMap.Exact(path, scalar.Span, segments);
    }

    private SourceMap.Segment[]? Quoted(string value, int start, int end, char quote, string escape)
    {
        if (start >= end || text[start] != quote || end - start < 2 || text[end - 1] != quote)
        {
            return null;
        }

        var content = text.AsSpan(start + 1, end - start - 2);
        return content.Contains(escape, StringComparison.Ordinal) ? null : Flow(value, start + 1, end - 1, quoted: true);
    }

    // Plain and quoted scalars: each line's text, trimmed as YAML folds it, is a run of the value;
    // between runs the value has one space (a folded break) or one '\n' per empty line.
    private SourceMap.Segment[]? Flow(string value, int start, int end, bool quoted)
    {
        var runs = new List<(int Start, int Length)>();
        var lineStart = start;
        for (var i = start; i <= end; i++)
        {
            var breakLength = i < end ? SourcePositions.BreakLength(text, i) : 0;
            if (i < end && breakLength == 0)
            {
                continue;
            }

            var isFirst = lineStart == start;
            var isLast = i == end;
            var runStart = lineStart;
            var runEnd = i;
            if (!isFirst)
            {
                while (runStart < runEnd && text[runStart] is ' ' or '\t')
                {
                    runStart++;
                }
            }

            if (!(isLast && quoted))
            {
                while (runEnd > runStart && text[runEnd - 1] is ' ' or '\t')
                {
                    runEnd--;
                }
            }

            runs.Add((runStart, runEnd - runStart));
            if (isLast)
            {
                break;
            }

            i += breakLength - 1;
            lineStart = i + 1;
        }

        return runs.Count == 1
            ? Single(value, start, end - start, quoted)
            : Match(value, runs);
    }

    // A single-line scalar maps from its first character if the value is exactly the text.
    private SourceMap.Segment[]? Single(string value, int start, int length, bool quoted)
    {
        var content = text.AsSpan(start, length);
        if (!quoted)
        {
            content = content.TrimEnd([' ', '\t']);
        }

        return content.SequenceEqual(value.AsSpan()) ? [new SourceMap.Segment(0, positions.At(start), value.Length)] : null;
    }

    // Literal blocks: value line k is file line k after the header, at one indentation n.
    private SourceMap.Segment[]? Literal(string value, int start, int end)
    {
        var firstLine = HeaderEnd(start, '|');
        if (firstLine < 0)
        {
            return null;
        }

        var lines = value.Split('\n');
        var indentation = -1;
        for (var k = 0; k < lines.Length; k++)
        {
            if (lines[k].Length == 0)
            {
                continue;
            }

            var line = firstLine + k;
            if (line >= positions.LineCount || positions.LineStart(line) >= end)
            {
                return null;
            }

            var fileLine = text.AsSpan(positions.LineStart(line), positions.LineEnd(line) - positions.LineStart(line));
            var column = fileLine.Length - lines[k].Length;
            if (column < 0 || !fileLine.EndsWith(lines[k].AsSpan(), StringComparison.Ordinal)
                || fileLine[..column].ContainsAnyExcept(' ') || (indentation >= 0 && column != indentation))
            {
                return null;
            }

            indentation = column;
        }

        if (indentation < 0)
        {
            return null;
        }

        var segments = new List<SourceMap.Segment>();
        var offset = 0;
        for (var k = 0; k < lines.Length && offset < value.Length && firstLine + k < positions.LineCount; k++)
        {
            // An empty line of the value may be shorter than the indentation in the file, or empty.
            var line = firstLine + k;
            var column = lines[k].Length > 0 ? indentation : Math.Min(indentation, positions.LineEnd(line) - positions.LineStart(line));
            segments.Add(new SourceMap.Segment(offset, new LinePosition(line, column), lines[k].Length));
            offset += lines[k].Length + 1;
        }

        return [.. segments];
    }

    // Folded blocks: each non-empty line after the indentation is a run of the value.
    private SourceMap.Segment[]? Folded(string value, int start, int end)
    {
        var firstLine = HeaderEnd(start, '>');
        if (firstLine < 0 || HasIndentationIndicator(start))
        {
            return null;
        }

        var indentation = -1;
        var runs = new List<(int Start, int Length)>();
        for (var line = firstLine; line < positions.LineCount && positions.LineStart(line) < end; line++)
        {
            var lineStart = positions.LineStart(line);
            var lineEnd = Math.Min(positions.LineEnd(line), end);
            var spaces = text.AsSpan(lineStart, lineEnd - lineStart).IndexOfAnyExcept(' ');
            if (spaces < 0)
            {
                continue; // an empty line: a '\n' of the value
            }

            indentation = indentation < 0 ? spaces : indentation;
            if (spaces < indentation)
            {
                return null;
            }

            runs.Add((lineStart + indentation, lineEnd - lineStart - indentation));
        }

        return runs.Count == 0 ? null : Match(value, runs);
    }

    // Replays the folding: runs must appear in the value in order, separated by one space or by '\n's.
    private SourceMap.Segment[]? Match(string value, List<(int Start, int Length)> runs)
    {
        var segments = new List<SourceMap.Segment>();
        var offset = 0;
        foreach (var (runStart, length) in runs)
        {
            if (length == 0)
            {
                continue;
            }

            if (segments.Count > 0)
            {
                var breaks = 0;
                while (offset < value.Length && value[offset] == '\n')
                {
                    offset++;
                    breaks++;
                }

                if (breaks == 0)
                {
                    if (offset >= value.Length || value[offset] != ' ')
                    {
                        return null;
                    }

                    offset++;
                }
            }
            else if (offset != 0)
            {
                return null;
            }

            if (!value.AsSpan(offset).StartsWith(text.AsSpan(runStart, length), StringComparison.Ordinal))
            {
                return null;
            }

            segments.Add(new SourceMap.Segment(offset, positions.At(runStart), length));
            offset += length;
        }

        return segments.Count > 0 && value.AsSpan(offset).IndexOfAnyExcept('\n') < 0 ? [.. segments] : null;
    }

    // The first line after a block scalar's header ('|' or '>', indicators, comment); -1 if not found.
    private int HeaderEnd(int start, char indicator)
    {
        if (start >= text.Length || text[start] != indicator)
        {
            return -1;
        }

        var line = positions.LineOf(start) + 1;
        return line < positions.LineCount ? line : -1;
    }

    // Whether a block scalar's header (">2-") gives the indentation explicitly.
    private bool HasIndentationIndicator(int start)
    {
        for (var i = start + 1; i < text.Length && text[i] is not (' ' or '\t' or '#') && SourcePositions.BreakLength(text, i) == 0; i++)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    // Skips a node's properties (tag, anchor) and the space and comments after them.
    private int SkipProperties(int index, int end)
    {
        end = Math.Min(end, text.Length);
        while (index < end)
        {
            var c = text[index];
            if (c is ' ' or '\t' || SourcePositions.BreakLength(text, index) > 0)
            {
                index++;
            }
            else if (c == '#' && index > 0 && text[index - 1] is ' ' or '\t' or '\n' or '\r')
            {
                while (index < end && SourcePositions.BreakLength(text, index) == 0)
                {
                    index++;
                }
            }
            else if (c is '!' or '&')
            {
                while (index < end && text[index] is not (' ' or '\t') && SourcePositions.BreakLength(text, index) == 0)
                {
                    index++;
                }
            }
            else
            {
                break;
            }
        }

        return index;
    }
}

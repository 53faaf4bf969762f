using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace RecoveryRules.Tests.Infrastructure;

/// <summary>A span of the test text that should carry a diagnostic: <c>{|RR0201:critcal|}</c>.</summary>
/// <param name="Id">The diagnostic id.</param>
/// <param name="Start">The offset of the first marked character in the text without markup.</param>
/// <param name="End">The offset after the last marked character; equal to <paramref name="Start"/> for an empty span.</param>
internal sealed record MarkedSpan(string Id, int Start, int End)
{
    public bool IsEmpty => Start == End;
}

/// <summary>
/// Markup for diagnostics in test text, after Roslyn's TestFileMarkupParser: <c>{|RR0201:critcal|}</c>
/// marks the exact span of a diagnostic; an empty span <c>{|RR0007:|}</c> marks only where it starts
/// (for diagnostics on a whole YAML node, whose end YAML puts on a later line). Spans may nest.
/// </summary>
internal static partial class TestMarkup
{
    /// <summary>Strips the markup and returns the plain text and the marked spans, in order of their start.</summary>
    public static (string Text, ImmutableArray<MarkedSpan> Spans) Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var open = new Stack<(string Id, int Start)>();
        var spans = ImmutableArray.CreateBuilder<MarkedSpan>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (OpenMarker().Match(markup, i) is { Success: true } opening)
            {
                open.Push((opening.Groups["id"].Value, text.Length));
                i += opening.Length - 1;
                continue;
            }

            if (open.Count > 0 && string.CompareOrdinal(markup, i, "|}", 0, 2) == 0)
            {
                var (id, start) = open.Pop();
                spans.Add(new MarkedSpan(id, start, text.Length));
                i++;
                continue;
            }

            text.Append(markup[i]);
        }

        if (open.Count > 0)
        {
            throw new ArgumentException($"The markup opens {{|{open.Peek().Id}: without closing it with |}}.", nameof(markup));
        }

        return (text.ToString(), [.. spans.OrderBy(s => s.Start).ThenBy(s => s.End)]);
    }

    /// <summary>Puts markup for <paramref name="spans"/> into <paramref name="text"/>: the inverse of <see cref="Parse"/>.</summary>
    public static string Insert(string text, IEnumerable<MarkedSpan> spans)
    {
        // At one offset: first close (the shorter span first), then empty spans, then open (the longer span first).
        var events = new List<(int Offset, int Order, int Length, string Marker)>();
        foreach (var span in spans)
        {
            if (span.IsEmpty)
            {
                events.Add((span.Start, 1, 0, $"{{|{span.Id}:|}}"));
                continue;
            }

            events.Add((span.Start, 2, -(span.End - span.Start), $"{{|{span.Id}:"));
            events.Add((span.End, 0, span.End - span.Start, "|}"));
        }

        var builder = new StringBuilder(text.Length + (events.Count * 8));
        var next = 0;
        foreach (var (offset, _, _, marker) in events.OrderBy(e => e.Offset).ThenBy(e => e.Order).ThenBy(e => e.Length))
        {
            builder.Append(text, next, offset - next).Append(marker);
            next = offset;
        }

        return builder.Append(text, next, text.Length - next).ToString();
    }

    [GeneratedRegex(@"\G\{\|(?<id>RR\d{4}):")]
    private static partial Regex OpenMarker();
}

using System.Text.RegularExpressions;

namespace RecoveryRules.Tests.Infrastructure;

/// <summary>
/// docs/diagnostics.md as its tests read it: one section per <c>## RRnnnn</c> heading, each with its fenced
/// blocks and its <c>&lt;!-- check: … --&gt;</c> comment; and the rewrite of one block in accept mode.
/// </summary>
internal static partial class DiagnosticsDocument
{
    public static string Path => RepositoryRoot.Combine("docs", "diagnostics.md");

    public static List<string> ReadLines() =>
        [.. GoldenFiles.Normalize(File.ReadAllText(Path)).Split('\n')];

    public static List<DocumentSection> Sections() => Sections(ReadLines());

    public static List<DocumentSection> Sections(List<string> lines)
    {
        var sections = new List<DocumentSection>();
        for (var i = 0; i < lines.Count; i++)
        {
            var heading = Heading().Match(lines[i]);
            if (!heading.Success)
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Count && !lines[end].StartsWith("## ", StringComparison.Ordinal))
            {
                end++;
            }

            var blocks = new List<DocumentBlock>();
            string? check = null;
            for (var j = i + 1; j < end; j++)
            {
                if (CheckComment().Match(lines[j]) is { Success: true } comment)
                {
                    check = comment.Groups["check"].Value.Trim();
                }

                if (!lines[j].StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }

                var info = lines[j][3..].Trim();
                var close = j + 1;
                while (close < end && lines[close] != "```")
                {
                    close++;
                }

                blocks.Add(new DocumentBlock(info, j + 1, close - j - 1, string.Join("\n", lines.Skip(j + 1).Take(close - j - 1))));
                j = close;
            }

            sections.Add(new DocumentSection(heading.Groups["id"].Value, lines.GetRange(i + 1, end - i - 1), blocks, check));
            i = end - 1;
        }

        return sections;
    }

    /// <summary>Rewrites one fenced block of the document (accept mode).</summary>
    public static void Replace(DocumentBlock block, string text)
    {
        var lines = ReadLines();
        lines.RemoveRange(block.FirstLine, block.LineCount);
        lines.InsertRange(block.FirstLine, text.Split('\n'));
        File.WriteAllText(Path, string.Join("\n", lines));
    }

    [GeneratedRegex(@"^## (?<id>RR\d{4})\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^<!-- check: (?<check>.*) -->$")]
    private static partial Regex CheckComment();
}

/// <summary>A fenced block of docs/diagnostics.md: its info string, where its text starts (zero-based line), how many lines, and the text.</summary>
internal sealed record DocumentBlock(string Info, int FirstLine, int LineCount, string Text);

/// <summary>A <c>## RRnnnn</c> section of docs/diagnostics.md: its lines, its blocks, and its check comment if any.</summary>
internal sealed record DocumentSection(string Id, List<string> Lines, List<DocumentBlock> Blocks, string? Check);

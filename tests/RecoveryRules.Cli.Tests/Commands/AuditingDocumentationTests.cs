using System.Text.RegularExpressions;

namespace RecoveryRules.Cli.Tests.Commands;

/// <summary>
/// Runs the commands shown in docs/auditing.md, sections "Scenario tests" and "Coverage": each
/// <c>&lt;!-- file: NAME --&gt;</c> block is written beside a copy of examples/retail/retail.policy.yaml,
/// each <c>&lt;!-- run: ARGS --&gt;</c> block's output (after its <c>$ </c> line) must be exactly what
/// <c>recoveryrules ARGS</c> prints on stdout there.
/// </summary>
public sealed partial class AuditingDocumentationTests
{
    private static readonly string[] OwnSections = ["## Scenario tests", "## Coverage"];

    public static TheoryData<string> Runs { get; } = [.. Commands(ReadSections()).Select(c => c.Arguments)];

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task The_documented_output_is_what_the_command_prints(string arguments)
    {
        var lines = ReadSections();
        var folder = Path.Combine(Path.GetTempPath(), $"recoveryrules-auditing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(Root(), "examples", "retail", "retail.policy.yaml"), Path.Combine(folder, "retail.policy.yaml"));
            foreach (var (name, text) in Files(lines))
            {
                File.WriteAllText(Path.Combine(folder, name), text);
            }

            var command = Commands(lines).Single(c => c.Arguments == arguments);
            var args = arguments.Split(' ').Select(a => a.EndsWith(".yaml", StringComparison.Ordinal) ? Path.Combine(folder, a) : a).ToArray();

            var run = await CliRun.RunAsync(args);

            var printed = run.Stdout.Replace(folder + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal).TrimEnd('\n');
            printed.Should().Be(command.Output, $"docs/auditing.md shows the output of 'recoveryrules {arguments}'");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecoveryRules.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds RecoveryRules.sln.");
    }

    // The lines of this helper's sections of docs/auditing.md.
    private static List<string> ReadSections()
    {
        var all = File.ReadAllText(Path.Combine(Root(), "docs", "auditing.md")).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var lines = new List<string>();
        var inside = false;
        foreach (var line in all)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inside = OwnSections.Contains(line.TrimEnd());
            }

            if (inside)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static IEnumerable<(string Name, string Text)> Files(List<string> lines) =>
        Blocks(lines, FileComment()).Select(b => (b.Key, b.Text + "\n"));

    private static IEnumerable<(string Arguments, string Output)> Commands(List<string> lines) =>
        Blocks(lines, RunComment()).Select(b => (b.Key, string.Join("\n", b.Text.Split('\n').Skip(1))));

    // Each fenced block that follows a comment matching the pattern (a blank line allowed between them).
    private static IEnumerable<(string Key, string Text)> Blocks(List<string> lines, Regex comment)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var match = comment.Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var open = i + 1;
            while (open < lines.Count && !lines[open].StartsWith("```", StringComparison.Ordinal))
            {
                open++;
            }

            var close = open + 1;
            while (close < lines.Count && lines[close] != "```")
            {
                close++;
            }

            yield return (match.Groups["key"].Value.Trim(), string.Join("\n", lines.Skip(open + 1).Take(close - open - 1)));
            i = close;
        }
    }

    [GeneratedRegex(@"^<!-- file: (?<key>.+) -->$")]
    private static partial Regex FileComment();

    [GeneratedRegex(@"^<!-- run: (?<key>.+) -->$")]
    private static partial Regex RunComment();
}

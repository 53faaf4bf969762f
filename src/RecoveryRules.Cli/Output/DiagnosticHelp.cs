using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// What tools show about a diagnostic id beyond its message: the help address (docs/diagnostics.md on
/// GitHub, anchor the lower-case id), a rule name, and a full description — the first paragraph of the
/// id's section of docs/diagnostics.md, which this assembly embeds, so that the description is written
/// once, where the bad and fixed examples are.
/// </summary>
internal static partial class DiagnosticHelp
{
    /// <summary>Where docs/diagnostics.md is published.</summary>
    public const string DocumentUri = "https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md";

    private static readonly Lazy<FrozenDictionary<string, string>> Descriptions = new(ReadDescriptions);

    /// <summary>The help address of an id: <c>…/docs/diagnostics.md#rr0201</c>.</summary>
    public static string HelpUri(string id) => DocumentUri + "#" + id.ToLowerInvariant();

    /// <summary>The title as one PascalCase word (<c>Invalid YAML</c> → <c>InvalidYAML</c>), as SARIF's <c>name</c> wants; the id when the title has no letters.</summary>
    public static string RuleName(DiagnosticDescriptor descriptor)
    {
        var name = new StringBuilder();
        foreach (var word in NonWord().Split(descriptor.Title))
        {
            if (word.Length > 0)
            {
                name.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
        }

        return name.Length == 0 ? descriptor.Id : name.ToString();
    }

    /// <summary>The id's description from docs/diagnostics.md, links as their text; the title when the section is missing.</summary>
    public static string FullDescription(DiagnosticDescriptor descriptor) =>
        Descriptions.Value.TryGetValue(descriptor.Id, out var description) ? description : descriptor.Title;

    // "## RRnnnn", a blank line, "**Title** · severity · category", a blank line, then the description paragraph.
    private static FrozenDictionary<string, string> ReadDescriptions()
    {
        using var stream = typeof(DiagnosticHelp).Assembly.GetManifestResourceStream("RecoveryRules.Cli.diagnostics.md");
        if (stream is null)
        {
            return FrozenDictionary<string, string>.Empty;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var heading = SectionHeading().Match(lines[i]);
            if (!heading.Success)
            {
                continue;
            }

            var j = i + 1;
            while (j < lines.Length && (lines[j].Length == 0 || lines[j].StartsWith("**", StringComparison.Ordinal) || lines[j].StartsWith("<!--", StringComparison.Ordinal)))
            {
                j++;
            }

            var paragraph = new List<string>();
            while (j < lines.Length && lines[j].Length > 0 && !lines[j].StartsWith('#') && !lines[j].StartsWith("```", StringComparison.Ordinal))
            {
                paragraph.Add(lines[j].Trim());
                j++;
            }

            if (paragraph.Count > 0)
            {
                descriptions[heading.Groups[1].Value] = MarkdownLink().Replace(string.Join(' ', paragraph), "$1");
            }
        }

        return descriptions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^## (RR\d{4})\s*$")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    /// <summary>The version of <c>recoveryrules</c>: the assembly's informational version (MinVer: <c>0.3.1-alpha.0.4+sha</c>).</summary>
    public static string ToolVersion { get; } =
        typeof(DiagnosticHelp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(DiagnosticHelp).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>The version without build metadata (<c>+sha</c>): a semantic version.</summary>
    public static string ToolSemanticVersion { get; } = ToolVersion.Split('+')[0];
}

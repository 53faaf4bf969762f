using System.Text.Json;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// <c>check --format sarif</c>: a SARIF 2.1.0 log (the OASIS standard code-scanning services and editors read)
/// with one run: the tool and the rules of the ids it reports (name, descriptions, help address, default level),
/// the files checked as artifacts, one result per diagnostic at its file, line and column, and the invocation's
/// exit code (docs/cli.md, "check --format sarif").
/// </summary>
internal static class SarifReport
{
    /// <summary>The SARIF version written.</summary>
    public const string Version = "2.1.0";

    /// <summary>The schema the log names (OASIS, SARIF 2.1.0 errata 01).</summary>
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>The base a relative path is resolved against: the directory <c>check</c> ran in.</summary>
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>Writes the log.</summary>
    /// <param name="stream">Where.</param>
    /// <param name="report">What check found.</param>
    /// <param name="exitCode">The exit code check returns.</param>
    /// <param name="workingDirectory">The directory relative paths are relative to (the current directory).</param>
    public static void Write(Stream stream, CheckReport report, int exitCode, string workingDirectory)
    {
        var diagnostics = report.Diagnostics.ToList();
        var rules = diagnostics.Select(d => d.Diagnostic.Descriptor)
            .DistinctBy(descriptor => descriptor.Id)
            .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .ToList();
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);
        var artifacts = report.Files.Select(file => file.Path)
            .Concat(diagnostics.Select(d => d.Path))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var artifactIndex = artifacts.Select((path, index) => (path, index)).ToDictionary(p => p.path, p => p.index, StringComparer.Ordinal);

        using var writer = new Utf8JsonWriter(stream, ReportJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", Version);
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", CommandLine.ToolName);
        writer.WriteString("version", DiagnosticHelp.ToolVersion);
        writer.WriteString("semanticVersion", DiagnosticHelp.ToolSemanticVersion);
        writer.WriteString("informationUri", "https://github.com/recoveryrules/recoveryrules");
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        // The check ran to its end: findings are results, not a failed execution (exit 1 is a finding).
        writer.WriteBoolean("executionSuccessful", true);
        writer.WriteNumber("exitCode", exitCode);
        writer.WriteEndObject();
        writer.WriteEndArray();

        if (artifacts.Any(path => !Path.IsPathFullyQualified(path)))
        {
            writer.WriteStartObject("originalUriBaseIds");
            writer.WriteStartObject(SourceRoot);
            writer.WriteString("uri", DirectoryUri(workingDirectory), clean: true);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("artifacts");
        foreach (var path in artifacts)
        {
            writer.WriteStartObject();
            WriteArtifactLocation(writer, "location", path, index: null);
            writer.WriteStartArray("roles");
            writer.WriteStringValue("analysisTarget");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("results");
        foreach (var (path, diagnostic) in diagnostics)
        {
            WriteResult(writer, diagnostic, path, ruleIndex[diagnostic.Id], artifactIndex[path]);
        }

        writer.WriteEndArray();
        writer.WriteString("columnKind", "utf16CodeUnits");

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The SARIF level of a severity: <c>error</c>, <c>warning</c>, <c>note</c>.</summary>
    public static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary>
    /// The <c>uri</c> of a path: a relative path becomes a relative URI reference (separators '/', each segment
    /// escaped), to be resolved against <see cref="SourceRoot"/>; a fully qualified path becomes a <c>file:</c> URI.
    /// </summary>
    public static (string Uri, string? UriBaseId) ArtifactUri(string path)
    {
        var normalized = ReportJson.Clean(path);
        if (Path.DirectorySeparatorChar == '\\')
        {
            normalized = normalized.Replace('\\', '/');
        }

        if (!Path.IsPathFullyQualified(path))
        {
            return (EscapeSegments(normalized), SourceRoot);
        }

        if (normalized.StartsWith("//", StringComparison.Ordinal))
        {
            return ("file:" + "//" + EscapeSegments(normalized[2..]), null);   // \\server\share\file
        }

        if (normalized.StartsWith('/'))
        {
            return ("file://" + EscapeSegments(normalized), null);             // /home/policies/file
        }

        // C:/policies/file: the drive stays as written.
        var drive = normalized.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? normalized[..slash] : normalized;
        return ("file:///" + drive + (drive.Length < normalized.Length ? "/" + EscapeSegments(normalized[(drive.Length + 1)..]) : string.Empty), null);
    }

    private static string EscapeSegments(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string DirectoryUri(string directory)
    {
        var uri = ArtifactUri(Path.GetFullPath(directory)).Uri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    private static void WriteRule(Utf8JsonWriter writer, DiagnosticDescriptor rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteString("name", DiagnosticHelp.RuleName(rule), clean: true);
        writer.WriteStartObject("shortDescription");
        writer.WriteString("text", rule.Title, clean: true);
        writer.WriteEndObject();
        writer.WriteStartObject("fullDescription");
        writer.WriteString("text", DiagnosticHelp.FullDescription(rule), clean: true);
        writer.WriteEndObject();
        writer.WriteString("helpUri", DiagnosticHelp.HelpUri(rule.Id));
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", Level(rule.DefaultSeverity));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteString("category", rule.Category.ToString().ToLowerInvariant());
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, Diagnostic diagnostic, string path, int ruleIndex, int artifactIndex)
    {
        var (line, column, endLine, endColumn) = ReportJson.OneBased(diagnostic.Location);
        writer.WriteStartObject();
        writer.WriteString("ruleId", diagnostic.Id);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", Level(diagnostic.Severity));
        writer.WriteStartObject("message");
        writer.WriteString("text", diagnostic.Message, clean: true);
        writer.WriteEndObject();
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        WriteArtifactLocation(writer, "artifactLocation", path, artifactIndex);
        writer.WriteStartObject("region");
        writer.WriteNumber("startLine", line);
        writer.WriteNumber("startColumn", column);
        writer.WriteNumber("endLine", endLine);
        writer.WriteNumber("endColumn", endColumn);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteArtifactLocation(Utf8JsonWriter writer, string name, string path, int? index)
    {
        var (uri, baseId) = ArtifactUri(path);
        writer.WriteStartObject(name);
        writer.WriteString("uri", uri);
        if (baseId is not null)
        {
            writer.WriteString("uriBaseId", baseId);
        }

        if (index is { } i)
        {
            writer.WriteNumber("index", i);
        }

        writer.WriteEndObject();
    }
}

using System.Text.Json;
using RecoveryRules.Diagnostics;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// <c>check --format json</c>: one JSON document for scripts, its shape stable and documented in
/// docs/cli.md ("check --format json"). <c>formatVersion</c> changes only if a field changes meaning or
/// goes away; new fields may be added.
/// </summary>
internal static class CheckJsonReport
{
    /// <summary>The version of the shape written.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the report.</summary>
    public static void Write(Stream stream, CheckReport report, int exitCode)
    {
        using var writer = new Utf8JsonWriter(stream, ReportJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("formatVersion", FormatVersion);
        writer.WriteStartObject("tool");
        writer.WriteString("name", CommandLine.ToolName);
        writer.WriteString("version", DiagnosticHelp.ToolVersion);
        writer.WriteEndObject();

        writer.WriteStartArray("files");
        foreach (var file in report.Files)
        {
            writer.WriteStartObject();
            writer.WriteString("path", file.Path, clean: true);
            writer.WriteNumber("errors", file.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
            writer.WriteNumber("warnings", file.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
            writer.WriteNumber("infos", file.Diagnostics.Count(d => d.Severity < DiagnosticSeverity.Warning));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("diagnostics");
        foreach (var (path, diagnostic) in report.Diagnostics)
        {
            var (line, column, endLine, endColumn) = ReportJson.OneBased(diagnostic.Location);
            writer.WriteStartObject();
            writer.WriteString("id", diagnostic.Id);
            writer.WriteString("severity", ReportJson.SeverityWord(diagnostic.Severity));
            writer.WriteString("title", diagnostic.Descriptor.Title, clean: true);
            writer.WriteString("message", diagnostic.Message, clean: true);
            writer.WriteString("path", path, clean: true);
            writer.WriteNumber("line", line);
            writer.WriteNumber("column", column);
            writer.WriteNumber("endLine", endLine);
            writer.WriteNumber("endColumn", endColumn);
            writer.WriteString("helpUri", DiagnosticHelp.HelpUri(diagnostic.Id));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("summary");
        writer.WriteNumber("files", report.Files.Count);
        writer.WriteNumber("errors", report.Errors);
        writer.WriteNumber("warnings", report.Warnings);
        writer.WriteNumber("infos", report.Infos);
        writer.WriteNumber("exitCode", exitCode);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }
}

using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Yaml.EditorConfig;

/// <summary>One <c>.editorconfig</c> read for a policy: its path as reported, and its text.</summary>
/// <param name="Path">The path diagnostics name.</param>
/// <param name="Text">The file's text.</param>
internal sealed record EditorConfigText(string Path, string Text);

/// <summary>
/// Finds the severity settings that <c>.editorconfig</c> files give a policy file (docs/policy-language.md,
/// "Severity configuration"): the files in the policy's folder and each folder above it, up to and
/// including the first that says <c>root = true</c>; in each, the sections whose glob matches the
/// policy's path; in each section, the keys <c>recoveryrules_diagnostic.RRnnnn.severity</c>. Other keys
/// are other tools' and are ignored, except a key that starts with <c>recoveryrules_</c> and is not one
/// of ours (RR0006). Keys and values compare case-insensitively, as editorconfig keys do.
/// </summary>
internal static class EditorConfigFiles
{
    /// <summary>The file name looked for.</summary>
    public const string FileName = ".editorconfig";

    private const string Prefix = "recoveryrules_";
    private const string DiagnosticPrefix = "recoveryrules_diagnostic.";
    private const string SeveritySuffix = ".severity";

    /// <summary>
    /// The settings for the policy at <paramref name="policyPath"/>, weakest first (the farthest file
    /// first, each file in order), so that a later setting for an id overrides an earlier one.
    /// </summary>
    /// <param name="policyPath">The policy file's path as given.</param>
    /// <param name="options">The reader's limits (the longest file read).</param>
    /// <param name="diagnostics">Receives the problems of the files (unreadable, too large, unknown keys).</param>
    /// <param name="read">Receives each file read, for the caller's location checks.</param>
    /// <returns>The settings.</returns>
    public static ImmutableArray<SeveritySettingSyntax> Find(string policyPath, PolicyReaderOptions options, DiagnosticBag diagnostics, List<EditorConfigText> read)
    {
        string fullPolicyPath;
        try
        {
            fullPolicyPath = Path.GetFullPath(policyPath);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            return [];
        }

        // Nearest first, as found.
        var files = new List<(EditorConfigText File, string Folder, EditorConfigDocument Document)>();
        for (var folder = Path.GetDirectoryName(fullPolicyPath); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var fullPath = Path.Combine(folder, FileName);
            if (Read(fullPath, Reported(policyPath, fullPath), options, diagnostics) is not { } file)
            {
                continue;
            }

            read.Add(file);
            var document = EditorConfigDocument.Parse(file.Text);
            files.Add((file, folder, document));
            if (document.IsRoot)
            {
                break;
            }
        }

        var settings = ImmutableArray.CreateBuilder<SeveritySettingSyntax>();
        for (var i = files.Count - 1; i >= 0; i--)
        {
            var (file, folder, document) = files[i];
            var relative = Path.GetRelativePath(folder, fullPolicyPath).Replace(Path.DirectorySeparatorChar, '/');
            foreach (var section in document.Sections)
            {
                if (!EditorConfigGlob.Parse(section.Glob).IsMatch(relative))
                {
                    continue;
                }

                foreach (var entry in section.Entries)
                {
                    if (Setting(file.Path, entry, diagnostics) is { } setting)
                    {
                        settings.Add(setting);
                    }
                }
            }
        }

        return settings.ToImmutable();
    }

    /// <summary>The setting an entry gives; <c>null</c> for another tool's key, or ours misspelled (reported).</summary>
    internal static SeveritySettingSyntax? Setting(string path, EditorConfigEntry entry, DiagnosticBag diagnostics)
    {
        var key = entry.Key;
        if (!key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!key.StartsWith(DiagnosticPrefix, StringComparison.OrdinalIgnoreCase)
            || !key.EndsWith(SeveritySuffix, StringComparison.OrdinalIgnoreCase)
            || key.Length <= DiagnosticPrefix.Length + SeveritySuffix.Length)
        {
            var keyLocation = new SourceLocation(path, new LinePositionSpan(new LinePosition(entry.Line, entry.KeyColumn), new LinePosition(entry.Line, entry.KeyColumn + key.Length)));
            diagnostics.Add(
                RecoveryDiagnostics.UnknownKey,
                keyLocation,
                key,
                "an .editorconfig section for RecoveryRules",
                string.Empty,
                "recoveryrules_diagnostic.RRnnnn.severity");
            return null;
        }

        var id = key[DiagnosticPrefix.Length..^SeveritySuffix.Length];
        var idColumn = entry.KeyColumn + DiagnosticPrefix.Length;
        var idSyntax = Scalar(path, id.ToUpperInvariant(), entry.Line, idColumn);
        var severity = Scalar(path, entry.Value.ToLowerInvariant(), entry.Line, entry.ValueColumn);
        return new SeveritySettingSyntax(idSyntax, severity);
    }

    private static ScalarSyntax Scalar(string path, string value, int line, int column)
    {
        var start = new LinePosition(line, column);
        var span = new LinePositionSpan(start, new LinePosition(line, column + value.Length));
        return new ScalarSyntax(value, SourceMap.SingleLine(path, span, start, value.Length), IsQuoted: false);
    }

    // A file that is not there is no file; one that cannot be read, or is too large, is a diagnostic.
    private static EditorConfigText? Read(string fullPath, string reported, PolicyReaderOptions options, DiagnosticBag diagnostics)
    {
        var nowhere = new SourceLocation(reported, default);
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > (long)options.MaxDocumentLength * 4)
            {
                diagnostics.Add(RecoveryDiagnostics.DocumentTooLarge, nowhere, info.Length, options.MaxDocumentLength);
                return null;
            }

            var text = File.ReadAllText(fullPath);
            if (text.Length > options.MaxDocumentLength)
            {
                diagnostics.Add(RecoveryDiagnostics.DocumentTooLarge, nowhere, text.Length, options.MaxDocumentLength);
                return null;
            }

            return new EditorConfigText(reported, text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            diagnostics.Add(RecoveryDiagnostics.InvalidDocument, nowhere, $"The .editorconfig cannot be read: {exception.Message}");
            return null;
        }
    }

    // Diagnostics name the file the way the policy was named: a full path for a full path; for a relative
    // one, the path from the current folder when the file lies in or below it, else the full path.
    private static string Reported(string policyPath, string fullPath)
    {
        if (Path.IsPathRooted(policyPath))
        {
            return fullPath;
        }

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }
}

using System.Collections.Immutable;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Yaml.EditorConfig;

/// <summary>One <c>key = value</c> line of an <c>.editorconfig</c>, with zero-based positions.</summary>
/// <param name="Key">The key as written (keys compare case-insensitively).</param>
/// <param name="Value">The value, trimmed.</param>
/// <param name="Line">The zero-based line.</param>
/// <param name="KeyColumn">The zero-based column of the key's first character.</param>
/// <param name="ValueColumn">The zero-based column of the value's first character (the line's end for an empty value).</param>
internal sealed record EditorConfigEntry(string Key, string Value, int Line, int KeyColumn, int ValueColumn);

/// <summary>A <c>[glob]</c> section and its entries, in file order.</summary>
/// <param name="Glob">The text between the brackets.</param>
/// <param name="Entries">The section's entries.</param>
internal sealed record EditorConfigSection(string Glob, ImmutableArray<EditorConfigEntry> Entries);

/// <summary>
/// An <c>.editorconfig</c> file as the editorconfig specification reads it (https://spec.editorconfig.org):
/// <c>#</c> and <c>;</c> start comment lines, <c>[glob]</c> starts a section, <c>key = value</c> sets a key,
/// any other line is ignored; <c>root = true</c> before the first section stops the search for files
/// further up. Parsing never fails: every text is some document.
/// </summary>
internal sealed class EditorConfigDocument
{
    private EditorConfigDocument(bool isRoot, ImmutableArray<EditorConfigSection> sections)
    {
        IsRoot = isRoot;
        Sections = sections;
    }

    /// <summary>Whether the preamble says <c>root = true</c>: no file further up applies.</summary>
    public bool IsRoot { get; }

    /// <summary>The sections, in file order.</summary>
    public ImmutableArray<EditorConfigSection> Sections { get; }

    /// <summary>Parses a file's text.</summary>
    /// <param name="text">The text; a leading byte order mark is skipped.</param>
    /// <returns>The document.</returns>
    public static EditorConfigDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var isRoot = false;
        var sections = ImmutableArray.CreateBuilder<EditorConfigSection>();
        string? glob = null;
        var entries = ImmutableArray.CreateBuilder<EditorConfigEntry>();

        // Lines break where the policy reader breaks them (CR LF, CR, LF, NEL, LS, PS), so positions agree.
        text = text.StartsWith('\uFEFF') ? text[1..] : text;
        var positions = new SourcePositions(text);
        for (var lineNumber = 0; lineNumber < positions.LineCount; lineNumber++)
        {
            var line = text.AsSpan(positions.LineStart(lineNumber), positions.LineEnd(lineNumber) - positions.LineStart(lineNumber));
            var indent = line.Length - line.TrimStart().Length;
            var content = line.Trim();

            if (content.Length == 0 || content[0] is '#' or ';')
            {
                continue; // a blank or comment line
            }

            if (content[0] == '[' && content[^1] == ']' && content.Length >= 2)
            {
                if (glob is not null)
                {
                    sections.Add(new EditorConfigSection(glob, entries.ToImmutable()));
                }

                glob = content[1..^1].ToString();
                entries.Clear();
            }
            else if (content.IndexOf('=') is var equals and > 0)
            {
                var key = content[..equals].TrimEnd().ToString();
                var valuePart = content[(equals + 1)..];
                var value = valuePart.Trim().ToString();
                var valueColumn = value.Length == 0 ? indent + content.Length : indent + equals + 1 + (valuePart.Length - valuePart.TrimStart().Length);
                if (glob is null)
                {
                    isRoot |= key.Equals("root", StringComparison.OrdinalIgnoreCase) && value.Equals("true", StringComparison.OrdinalIgnoreCase);
                }
                else
                {
                    entries.Add(new EditorConfigEntry(key, value, lineNumber, indent, valueColumn));
                }
            }

            // Any other line is not editorconfig; the specification ignores it.
        }

        if (glob is not null)
        {
            sections.Add(new EditorConfigSection(glob, entries.ToImmutable()));
        }

        return new EditorConfigDocument(isRoot, sections.ToImmutable());
    }
}

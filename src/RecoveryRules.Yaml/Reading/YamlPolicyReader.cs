using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Yaml.Reading;

// Reads a policy document (docs/policy-language.md §1) into PolicySyntax. The YAML becomes the reader's own
// node tree first (YamlTreeBuilder: limits, anchors, duplicate keys); this class then maps that
// tree onto the format's keys, one partial per part of the policy. Values stay text: checking
// ids, numbers, booleans and expressions is the compiler's job. Problems are reported and the
// offending part skipped, so one pass reports every problem of a file; reading stops only on
// invalid YAML (RR0001, a NUL character included), a document too large (RR0002) or nesting too
// deep (RR0003).
internal sealed partial class YamlPolicyReader
{
    // Keys longer than this get no "did you mean": no real key is, and edit distance is quadratic.
    private const int MaxSuggestedKeyLength = 64;

    private readonly string _path;
    private readonly DiagnosticBag _diagnostics;
    private readonly ScalarSourceMaps _maps;

    private YamlPolicyReader(string path, string text, SourcePositions positions, DiagnosticBag diagnostics)
    {
        _path = path;
        _diagnostics = diagnostics;
        _maps = new ScalarSourceMaps(path, text, positions);
    }

    /// <summary>
    /// Reads one policy document. Never throws for any text: every problem is reported into
    /// <paramref name="diagnostics"/>; what could not be read is left out of the result.
    /// </summary>
    /// <param name="path">The file path, as reported in locations.</param>
    /// <param name="text">The document's text.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="diagnostics">Receives the problems found.</param>
    /// <returns>The policy as written; when reading stopped, an empty policy.</returns>
    internal static PolicySyntax Read(string path, string text, PolicyReaderOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var policy = ReadDocument(path, text, options, diagnostics);
        DiagnosticLocations.Observe(text, diagnostics.ToSortedArray);
        return policy;
    }

    private static PolicySyntax ReadDocument(string path, string text, PolicyReaderOptions options, DiagnosticBag diagnostics)
    {
        var nowhere = new SourceLocation(path, default);
        if (text.Length > options.MaxDocumentLength)
        {
            diagnostics.Add(RecoveryDiagnostics.DocumentTooLarge, nowhere, text.Length, options.MaxDocumentLength);
            return Empty(nowhere);
        }

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..]; // YamlDotNet skips the byte order mark without counting it
        }

        var positions = new SourcePositions(text);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            // YamlDotNet takes a NUL for the end of the input and silently drops the rest of its scalar.
            diagnostics.Add(
                RecoveryDiagnostics.InvalidYaml,
                new SourceLocation(path, new LinePositionSpan(positions.At(nul), positions.At(nul + 1))),
                "the file holds a NUL character (U+0000), which YAML does not allow; remove it (a policy is UTF-8 text, not a binary or UTF-16 file)");
            return Empty(nowhere);
        }

        switch (YamlTreeBuilder.Build(path, text, positions, options, diagnostics))
        {
            case YamlMappingNode root:
                return new YamlPolicyReader(path, text, positions, diagnostics).ReadPolicy(root);

            case null or YamlAliasNode:
                return Empty(nowhere);

            case var root:
                var location = new SourceLocation(path, root.Span);
                diagnostics.Add(
                    RecoveryDiagnostics.InvalidDocument,
                    location,
                    root is YamlScalarNode { IsEmpty: true }
                        ? "The document is empty; a policy is a mapping that starts with 'policy:' and 'version:'"
                        : $"A policy must be a mapping that starts with 'policy:' and 'version:', not {root.Description}");
                return Empty(location);
        }
    }

    private static PolicySyntax Empty(SourceLocation location) => new() { Path = location.Path, Location = location };

    private PolicySyntax ReadPolicy(YamlMappingNode root)
    {
        var keys = ReadKeys(root, "the policy", PolicyKeys.Policy);
        RequireKey(keys, root, "The policy", "policy");
        RequireKey(keys, root, "The policy", "version");

        var rules = keys.GetValueOrDefault("rules");
        return new PolicySyntax
        {
            Path = _path,
            Location = Locate(root),
            Id = ReadScalar(keys.GetValueOrDefault("policy")),
            Version = ReadScalar(keys.GetValueOrDefault("version")),
            Description = ReadScalar(keys.GetValueOrDefault("description")),
            Currency = ReadScalar(keys.GetValueOrDefault("currency")),
            Scales = ReadScales(keys.GetValueOrDefault("scales")),
            Channels = keys.TryGetValue("channels", out var channels) ? ReadVocabulary(channels) : null,
            Facts = ReadFacts(keys.GetValueOrDefault("facts")),
            Defines = ReadDefines(keys.GetValueOrDefault("define")),
            Combine = ReadCombine(keys.GetValueOrDefault("combine")),
            Rules = ReadRules(rules),
            RulesLocation = rules is null ? null : Locate(rules.Key),
            Otherwise = keys.TryGetValue("otherwise", out var otherwise) ? ReadDecision(otherwise) : null,
            DiagnosticSettings = ReadDiagnosticSettings(keys.GetValueOrDefault("diagnostics")),
        };
    }

    // ---- shared helpers: keys, scalars, lists, mappings, locations ----

    /// <summary>The entries of <paramref name="mapping"/> whose keys are known; reports the others as RR0006.</summary>
    private Dictionary<string, YamlMappingEntry> ReadKeys(YamlMappingNode mapping, string where, ImmutableArray<string> known)
    {
        var entries = new Dictionary<string, YamlMappingEntry>(StringComparer.Ordinal);
        string? expected = null;
        foreach (var entry in mapping.Entries)
        {
            if (known.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                entries[entry.Key.Value] = entry;
            }
            else if (entry.Value is not YamlAliasNode)
            {
                _diagnostics.Add(
                    RecoveryDiagnostics.UnknownKey,
                    Locate(entry.Key),
                    entry.Key.Value,
                    where,
                    entry.Key.Value.Length <= MaxSuggestedKeyLength ? Suggestions.DidYouMean(entry.Key.Value, known) : string.Empty,
                    expected ??= string.Join(", ", known));
            }
        }

        return entries;
    }

    private void RequireKey(Dictionary<string, YamlMappingEntry> keys, YamlMappingNode mapping, string owner, string key)
    {
        if (!keys.ContainsKey(key))
        {
            _diagnostics.Add(RecoveryDiagnostics.MissingKey, StartOf(mapping), owner, key, string.Empty);
        }
    }

    /// <summary>A scalar-valued key's value; <c>null</c> when absent or not a scalar (reported).</summary>
    private ScalarSyntax? ReadScalar(YamlMappingEntry? entry, string expected = "a scalar") =>
        entry is null ? null : ReadScalar(entry.Value, $"'{entry.Key.Value}'", expected);

    private ScalarSyntax? ReadScalar(YamlNode node, string what, string expected = "a scalar")
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return ToSyntax(scalar);

            case YamlAliasNode:
                return null; // reported as RR0004

            default:
                ReportWrongKind(node, what, expected);
                return null;
        }
    }

    /// <summary>A list-valued key's items (none for an empty value); <c>null</c> when not a list (reported).</summary>
    private List<YamlNode>? ReadList(YamlMappingEntry entry)
    {
        switch (entry.Value)
        {
            case YamlSequenceNode sequence:
                return sequence.Items;

            case YamlScalarNode { IsEmpty: true }:
                return [];

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(entry.Value, $"'{entry.Key.Value}'", "a list");
                return null;
        }
    }

    /// <summary>
    /// A mapping-valued key's mapping; an empty value is an empty mapping located at the key;
    /// <c>null</c> when not a mapping (reported).
    /// </summary>
    private YamlMappingNode? ReadMapping(YamlMappingEntry entry, string expected = "a mapping")
    {
        switch (entry.Value)
        {
            case YamlMappingNode mapping:
                return mapping;

            case YamlScalarNode { IsEmpty: true }:
                return new YamlMappingNode(entry.Key.Span, entry.Key.StartIndex);

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(entry.Value, $"'{entry.Key.Value}'", expected);
                return null;
        }
    }

    /// <summary>A list of member names (channels, a scale, oneOf), located at the list or, when empty, at the key.</summary>
    private VocabularySyntax? ReadVocabulary(YamlMappingEntry entry)
    {
        if (ReadList(entry) is not { } items)
        {
            return null;
        }

        var members = ImmutableArray.CreateBuilder<ScalarSyntax>(items.Count);
        foreach (var item in items)
        {
            if (ReadScalar(item, $"A member of '{entry.Key.Value}'") is { } member)
            {
                members.Add(member);
            }
        }

        return new VocabularySyntax(members.ToImmutable(), Locate(entry.Value is YamlSequenceNode ? entry.Value : entry.Key));
    }

    private void ReportWrongKind(YamlNode node, string what, string expected) =>
        _diagnostics.Add(RecoveryDiagnostics.WrongNodeKind, Locate(node), what, expected, node.Description);

    private ScalarSyntax ToSyntax(YamlScalarNode scalar) => new(scalar.Value, _maps.Create(scalar), scalar.IsQuoted);

    private SourceLocation Locate(YamlNode node) => new(_path, node.Span);

    private SourceLocation StartOf(YamlNode node) => new(_path, new LinePositionSpan(node.Span.Start, node.Span.Start));
}

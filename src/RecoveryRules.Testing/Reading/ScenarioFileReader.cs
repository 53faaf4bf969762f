using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Diagnostics;
using RecoveryRules.Testing.Running;
using RecoveryRules.Text;
using RecoveryRules.Yaml;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Testing.Reading;

// Reads a scenario file (docs/auditing.md, "Scenario tests"): the YAML becomes the policy reader's node
// tree (YamlTreeBuilder: limits, anchors, aliases, tags and duplicate keys reported as in policies), then
// this class maps it onto the keys of a scenario file, loads the policy it names and checks every name
// 'expect' uses against that policy. Like the policy reader it never throws for any text, reports every
// problem of a file in one pass, and skips what it could not read.
internal sealed partial class ScenarioFileReader
{
    private static readonly string[] FileKeys = ["policy", "now", "cases"];
    private static readonly string[] CaseKeys = ["name", "given", "now", "expect"];

    private readonly string _path;
    private readonly DiagnosticBag _diagnostics;
    private RecoveryPolicy? _policy;

    private ScenarioFileReader(string path, DiagnosticBag diagnostics)
    {
        _path = path;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads the scenario file at <paramref name="path"/>; a file that cannot be read is a diagnostic.</summary>
    public static ScenarioSuiteLoadResult ReadFile(string path, RecoveryPolicyOptions policyOptions)
    {
        var nowhere = new SourceLocation(path, default);
        if (Directory.Exists(path))
        {
            return Failed(Diagnostic.Create(RecoveryDiagnostics.InvalidDocument, nowhere, "This is a directory, not a scenario file; name the *.tests.yaml file"));
        }

        if (ReadFileText(path, out var text) is { } problem)
        {
            return Failed(Diagnostic.Create(RecoveryDiagnostics.InvalidDocument, nowhere, $"The file cannot be read: {problem}"));
        }

        return Read(path, text, System.IO.Path.GetDirectoryName(path) ?? string.Empty, policyOptions);
    }

    /// <summary>
    /// Reads a scenario file's text. <paramref name="path"/> is what diagnostics and the suite report (the
    /// policy's path is reported relative to it); <paramref name="directory"/> is where the policy is looked for.
    /// </summary>
    internal static ScenarioSuiteLoadResult Read(string path, string text, string directory, RecoveryPolicyOptions policyOptions)
    {
        var diagnostics = new DiagnosticBag();
        var reader = new ScenarioFileReader(path, diagnostics);
        var suite = reader.ReadDocument(text, directory, policyOptions);
        var own = diagnostics.ToSortedArray().Where(d => d.Location.Path == path);
        DiagnosticLocations.Observe(text, () => [.. own]);
        var all = diagnostics.ToSortedArray();
        return new ScenarioSuiteLoadResult(diagnostics.HasErrors ? null : suite, all);
    }

    // The text of a file, as PolicyYaml.CompileFile reads it (a first byte order mark kept for the reader to skip); null, or why not.
    internal static string? ReadFileText(string path, out string text)
    {
        text = string.Empty;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > (long)PolicyReaderOptions.Default.MaxDocumentLength * 4)
            {
                return string.Create(CultureInfo.InvariantCulture, $"it is {info.Length} bytes long; the limit is {PolicyReaderOptions.Default.MaxDocumentLength} characters");
            }

            text = File.ReadAllText(path);
            if (text.StartsWith('\uFEFF'))
            {
                text = "\uFEFF" + text;
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return exception.Message;
        }
    }

    private static ScenarioSuiteLoadResult Failed(Diagnostic diagnostic) => new(null, [diagnostic]);

    private ScenarioSuite? ReadDocument(string text, string directory, RecoveryPolicyOptions policyOptions)
    {
        var options = PolicyReaderOptions.Default;
        var nowhere = new SourceLocation(_path, default);
        if (text.Length > options.MaxDocumentLength)
        {
            _diagnostics.Add(RecoveryDiagnostics.DocumentTooLarge, nowhere, text.Length, options.MaxDocumentLength);
            return null;
        }

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var positions = new SourcePositions(text);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            _diagnostics.Add(
                RecoveryDiagnostics.InvalidYaml,
                new SourceLocation(_path, new LinePositionSpan(positions.At(nul), positions.At(nul + 1))),
                "the file holds a NUL character (U+0000), which YAML does not allow; remove it (a scenario file is UTF-8 text, not a binary or UTF-16 file)");
            return null;
        }

        var tree = new DiagnosticBag();
        var root = YamlTreeBuilder.Build(_path, text, positions, options, tree);
        foreach (var diagnostic in tree.ToSortedArray())
        {
            _diagnostics.Add(ForScenarioFile(diagnostic));
        }

        switch (root)
        {
            case YamlMappingNode mapping:
                return ReadSuite(mapping, directory, policyOptions);

            case null or YamlAliasNode:
                return null;

            default:
                _diagnostics.Add(
                    RecoveryDiagnostics.InvalidDocument,
                    Locate(root),
                    root is YamlScalarNode { IsEmpty: true }
                        ? "The document is empty; a scenario file is a mapping with 'policy:' and 'cases:'"
                        : $"A scenario file must be a mapping with 'policy:' and 'cases:', not {root.Description}");
                return null;
        }
    }

    // The tree builder words a few messages for policies; say the same of a scenario file.
    private static Diagnostic ForScenarioFile(Diagnostic diagnostic)
    {
        var message = diagnostic.Id switch
        {
            "RR0004" => diagnostic.Message.Replace(
                "is not allowed in a policy; use 'define' to name an expression once and reuse it",
                "is not allowed in a scenario file; write each case out in full",
                StringComparison.Ordinal),
            "RR0029" => TagMessage(diagnostic.Message),
            "RR0024" => diagnostic.Message.Replace(
                "a policy is a mapping that starts with 'policy:' and 'version:'",
                "a scenario file is a mapping with 'policy:' and 'cases:'",
                StringComparison.Ordinal).Replace("a policy file holds exactly one", "a scenario file holds exactly one", StringComparison.Ordinal),
            _ => diagnostic.Message,
        };
        return message == diagnostic.Message ? diagnostic : new Diagnostic(diagnostic.Descriptor, diagnostic.Location, message);
    }

    private static string TagMessage(string message)
    {
        var cut = message.IndexOf(" is not part of a policy", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut] + " is not part of a scenario file; remove it (quote a value to make it text)";
    }

    private ScenarioSuite? ReadSuite(YamlMappingNode root, string directory, RecoveryPolicyOptions policyOptions)
    {
        var keys = ReadKeys(root, "the scenario file", FileKeys);
        RequireKey(keys, root, "The scenario file", "policy");
        RequireKey(keys, root, "The scenario file", "cases");

        var policyPath = keys.TryGetValue("policy", out var policyEntry) ? LoadPolicy(policyEntry, directory, policyOptions) : null;
        var now = keys.TryGetValue("now", out var nowEntry) ? ReadNow(nowEntry) : null;
        var scenarios = keys.TryGetValue("cases", out var casesEntry) ? ReadCases(casesEntry, fileHasNow: nowEntry is not null) : [];

        return _policy is null || policyPath is null || _diagnostics.HasErrors
            ? null
            : new ScenarioSuite(_path, policyPath, _policy, now, scenarios);
    }

    // ---- policy ----

    private string? LoadPolicy(YamlMappingEntry entry, string directory, RecoveryPolicyOptions policyOptions)
    {
        if (ReadScalar(entry, "'policy'", "the path of a policy file, relative to this file") is not { } value)
        {
            return null;
        }

        var shown = Tidy(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_path) ?? string.Empty, value.Value));
        var file = System.IO.Path.Combine(directory, value.Value);
        var location = Locate(value);
        if (Directory.Exists(file) || !File.Exists(file))
        {
            _diagnostics.Add(RecoveryDiagnostics.ScenarioPolicyNotFound, location, value.Value, Directory.Exists(file) ? shown + ", which is a folder" : shown);
            return null;
        }

        if (ReadFileText(file, out var text) is { } problem)
        {
            _diagnostics.Add(RecoveryDiagnostics.ScenarioPolicyDoesNotLoad, location, value.Value, "it cannot be read: " + problem.TrimEnd('.'));
            return null;
        }

        var compiled = PolicyYaml.Compile(text, shown, null, policyOptions);
        _diagnostics.AddRange(compiled.Diagnostics);
        if (!compiled.Success)
        {
            var errors = compiled.Diagnostics.Count(d => d.IsError);
            _diagnostics.Add(
                RecoveryDiagnostics.ScenarioPolicyDoesNotLoad,
                location,
                value.Value,
                string.Create(CultureInfo.InvariantCulture, $"{errors} error{(errors == 1 ? string.Empty : "s")}"));
            return null;
        }

        _policy = compiled.Policy;
        return shown;
    }

    // 'suite/../small.policy.yaml' reads 'small.policy.yaml': '.' and '..' resolved, a relative path kept relative.
    private static string Tidy(string path)
    {
        try
        {
            var full = System.IO.Path.GetFullPath(path);
            return System.IO.Path.IsPathRooted(path) ? full : System.IO.Path.GetRelativePath(Environment.CurrentDirectory, full);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException or IOException or System.Security.SecurityException)
        {
            return path;
        }
    }

    // ---- now ----

    private DateTimeOffset? ReadNow(YamlMappingEntry entry)
    {
        if (ReadScalar(entry, "'now'", "a date and time with an offset") is not { } value)
        {
            return null;
        }

        if (TryParseNow(value.Value, out var now))
        {
            return now;
        }

        _diagnostics.Add(RecoveryDiagnostics.InvalidScenarioNow, Locate(value), value.Value);
        return null;
    }

    private static bool TryParseNow(string text, out DateTimeOffset now)
    {
        now = default;
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            return false;
        }

        var time = text[t..];
        var offset = time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
        return offset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out now);
    }

    // ---- cases ----

    private ImmutableArray<Scenario> ReadCases(YamlMappingEntry entry, bool fileHasNow)
    {
        if (ReadList(entry) is not { } items)
        {
            return [];
        }

        var scenarios = ImmutableArray.CreateBuilder<Scenario>(items.Count);
        var names = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            switch (item)
            {
                case YamlMappingNode mapping:
                    if (ReadCase(mapping, fileHasNow, names) is { } scenario)
                    {
                        scenarios.Add(scenario);
                    }

                    break;

                case YamlAliasNode:
                    break;

                default:
                    ReportWrongKind(item, "A case", "a mapping with name, given and expect");
                    break;
            }
        }

        return scenarios.ToImmutable();
    }

    private Scenario? ReadCase(YamlMappingNode mapping, bool fileHasNow, Dictionary<string, YamlScalarNode> names)
    {
        var nameNode = mapping.Entries.Find(e => e.Key.Value == "name")?.Value as YamlScalarNode;
        var title = nameNode is { IsEmpty: false } ? $"the case '{nameNode.Value}'" : "a case";
        var keys = ReadKeys(mapping, title, CaseKeys);
        RequireKey(keys, mapping, "A case", "name");
        RequireKey(keys, mapping, "A case", "given");
        RequireKey(keys, mapping, "A case", "expect");

        YamlScalarNode? name = null;
        if (keys.TryGetValue("name", out var nameEntry) && ReadScalar(nameEntry, "'name'", "text") is { } written)
        {
            if (names.TryGetValue(written.Value, out var first))
            {
                _diagnostics.Add(RecoveryDiagnostics.DuplicateScenarioName, Locate(written), written.Value, first.Span.Start.Line + 1);
            }
            else
            {
                names.Add(written.Value, written);
                name = written;
            }
        }

        var label = name?.Value ?? nameNode?.Value ?? "(unnamed)";
        var now = keys.TryGetValue("now", out var nowEntry) ? ReadNow(nowEntry) : null;
        byte[]? given = null;
        if (keys.TryGetValue("given", out var givenEntry))
        {
            if (givenEntry.Value is YamlMappingNode givenMapping)
            {
                given = GivenJson.Convert(givenMapping);
                var occurredAt = givenMapping.Entries.Find(e => e.Key.Value == "occurredAt");
                if (occurredAt is not null && now is null && !fileHasNow && nowEntry is null)
                {
                    _diagnostics.Add(RecoveryDiagnostics.ScenarioNeedsNow, Locate(occurredAt.Key), label);
                }
            }
            else if (givenEntry.Value is not YamlAliasNode)
            {
                ReportWrongKind(givenEntry.Value, "'given'", "a mapping: a case as in docs/policy-language.md, written in YAML");
            }
        }

        var expectation = keys.TryGetValue("expect", out var expectEntry) ? ReadExpectation(expectEntry, label) : null;
        return name is null || given is null || expectation is null
            ? null
            : new Scenario(name.Value, Locate(name), given, now, expectation);
    }

    // ---- shared helpers: keys, scalars, lists, locations ----

    private Dictionary<string, YamlMappingEntry> ReadKeys(YamlMappingNode mapping, string where, string[] known)
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
                    entry.Key.Value.Length <= 64 ? Suggestions.DidYouMean(entry.Key.Value, known) : string.Empty,
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

    /// <summary>A non-empty scalar value; <c>null</c> (reported) otherwise.</summary>
    private YamlScalarNode? ReadScalar(YamlMappingEntry entry, string what, string expected) => ReadScalar(entry.Value, what, expected);

    private YamlScalarNode? ReadScalar(YamlNode node, string what, string expected)
    {
        switch (node)
        {
            case YamlScalarNode { IsEmpty: false } scalar:
                return scalar;

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(node, what, expected);
                return null;
        }
    }

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

    private void ReportWrongKind(YamlNode node, string what, string expected) =>
        _diagnostics.Add(RecoveryDiagnostics.WrongNodeKind, Locate(node), what, expected, node.Description);

    private SourceLocation Locate(YamlNode node) => new(_path, node.Span);

    private SourceLocation StartOf(YamlNode node) => new(_path, new LinePositionSpan(node.Span.Start, node.Span.Start));
}

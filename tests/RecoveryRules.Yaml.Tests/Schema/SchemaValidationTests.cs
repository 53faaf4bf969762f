using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using RecoveryRules.Symbols;
using YamlDotNet.RepresentationModel;

namespace RecoveryRules.Yaml.Tests.Schema;

/// <summary>
/// Validates policy files against schema/recoveryrules.policy.schema.json in-process (JsonSchema.Net), the
/// way an editor's YAML language server does, so that the schema is checked in CI and not only when
/// npm happens to be present: every example policy and every valid data file passes, every invalid
/// data file fails, and every pattern carries the message editors show instead of the raw regex.
/// </summary>
public sealed partial class SchemaValidationTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string SchemaPath = Path.Combine(RepositoryRoot, "schema", "recoveryrules.policy.schema.json");
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Schema", "Data");
    private static readonly Lazy<JsonSchema> LazySchema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    public static TheoryData<string> AcceptedFiles { get; } =
    [
        .. Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "examples"), "*.policy.yaml", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepositoryRoot, file)),
        .. Directory.EnumerateFiles(Path.Combine(DataDirectory, "valid"), "*.policy.yaml")
            .Select(file => Path.GetRelativePath(RepositoryRoot, file)),
    ];

    public static TheoryData<string> RefusedFiles { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(DataDirectory, "invalid"), "*.policy.yaml").Select(file => Path.GetFileName(file))];

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public void Example_and_valid_policies_pass_the_schema(string file)
    {
        var results = Validate(Path.Combine(RepositoryRoot, file));

        results.IsValid.Should().BeTrue($"{file} must pass the schema, but: {Describe(results)}");
    }

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public void Invalid_policies_fail_the_schema(string file)
    {
        var results = Validate(Path.Combine(DataDirectory, "invalid", file));

        results.IsValid.Should().BeFalse($"{file} breaks the format, so the schema must refuse it");
    }

    [Fact]
    public void Every_pattern_has_a_message_for_editors()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!;

        var withPattern = Descendants(schema).OfType<JsonObject>().Where(node => node.ContainsKey("pattern")).ToList();

        withPattern.Should().NotBeEmpty();
        withPattern.Should().OnlyContain(node => node.ContainsKey("patternErrorMessage"),
            "yaml-language-server shows patternErrorMessage instead of the raw regular expression");
    }

    [Fact]
    public void The_currency_list_is_the_compilers()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!;

        var listed = schema["properties"]!["currency"]!["enum"]!.AsArray().Select(code => code!.GetValue<string>());

        listed.Should().BeEquivalentTo(Currencies.Active);
    }

    [Fact]
    public void A_withdrawn_currency_fails_the_schema()
    {
        var results = LazySchema.Value.Evaluate(
            JsonDocument.Parse("""{"policy": "p", "version": "1", "currency": "HRK"}""").RootElement,
            new Json.Schema.EvaluationOptions { OutputFormat = OutputFormat.List });

        results.IsValid.Should().BeFalse();
    }

    private static EvaluationResults Validate(string file)
    {
        var json = ToJson(File.ReadAllText(file)) ?? throw new InvalidOperationException($"{file} holds no document");
        using var document = JsonDocument.Parse(json.ToJsonString());
        return LazySchema.Value.Evaluate(document.RootElement, new Json.Schema.EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")));

    /// <summary>
    /// The JSON a YAML language server sees: the policy format's YAML (docs/policy-language.md) has only
    /// true and false as booleans; a plain scalar that reads as a number is a number, an empty one null,
    /// everything else (quoted or not) text.
    /// </summary>
    private static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value ?? string.Empty),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    private static JsonNode? Plain(string text) => text switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when YamlNumber().IsMatch(text) => JsonValue.Create(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex(@"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlNumber();

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(pair => pair.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static string FindRepositoryRoot()
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
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Yaml.Tests.Schema;

/// <summary>
/// schema/recoveryrules.policy.schema.json (shipped in the RecoveryRules.Yaml and RecoveryRules.Cli packages) is what YAML editors read to complete and check a policy while
/// the author types. These tests keep it in step with the compiler: same keys, same modes, same
/// patterns, and the same verdict on the data files beside this class. SchemaValidationTests
/// validates the YAML files themselves against the schema, in-process.
/// </summary>
public sealed class PolicySchemaTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string SchemaPath = Path.Combine(RepositoryRoot, "schema", "recoveryrules.policy.schema.json");
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Schema", "Data");
    private static readonly Lazy<JsonObject> LazySchema = new(() => JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject());

    private static JsonObject Schema => LazySchema.Value;

    private static JsonObject Definition(string name) => Schema["definitions"]![name]!.AsObject();

    [Fact]
    public void Schema_is_valid_json_and_declares_draft_07()
    {
        var text = File.ReadAllText(SchemaPath);

        var parse = () => JsonDocument.Parse(text).Dispose();

        parse.Should().NotThrow();
        Schema["$schema"]!.GetValue<string>().Should().Be("http://json-schema.org/draft-07/schema#");
        Schema["type"]!.GetValue<string>().Should().Be("object");
        Schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().BeEquivalentTo("policy", "version");
    }

    [Fact]
    public void Every_reference_in_the_schema_points_at_a_definition()
    {
        var references = Descendants(Schema)
            .OfType<JsonObject>()
            .Where(o => o.ContainsKey("$ref"))
            .Select(o => o["$ref"]!.GetValue<string>())
            .Distinct()
            .ToList();

        references.Should().NotBeEmpty();
        foreach (var reference in references)
        {
            reference.Should().StartWith("#/definitions/");
            Schema["definitions"]!.AsObject().ContainsKey(reference["#/definitions/".Length..]).Should().BeTrue($"{reference} must exist");
        }
    }

    public static TheoryData<string> Mappings { get; } =
        ["the policy", "a rule", "then", "otherwise", "combine", "escalate", "empower", "a compensation item", "a fact"];

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Schema_keys_equal_the_keys_the_reader_accepts(string mapping)
    {
        var schemaKeys = SchemaKeys(mapping);
        var readerKeys = ReaderKeys.Value[mapping];

        schemaKeys.Should().BeEquivalentTo(readerKeys, $"the schema's keys for {mapping} must be the YAML reader's");
    }

    [Fact]
    public void Unknown_keys_are_refused_wherever_the_format_forbids_them()
    {
        foreach (var mapping in Mappings)
        {
            ObjectForm(mapping)["additionalProperties"]!.GetValue<bool>().Should().BeFalse($"{mapping} forbids unknown keys");
        }

        Schema["properties"]!["scales"]!["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public void Combine_modes_equal_the_modes_the_compiler_accepts()
    {
        var modes = CompilerChoices("""
            policy: p
            version: "1"
            combine:
              compensation: zzz
              escalation: zzz
              empowerment: zzz
            otherwise: { note: n }
            """, RecoveryDiagnostics.InvalidChoice.Id);

        var combine = Schema["properties"]!["combine"]!["properties"]!;
        foreach (var (key, i) in new[] { ("compensation", 0), ("escalation", 1), ("empowerment", 2) })
        {
            Strings(combine[key]!["enum"]).Should().Equal(modes[i], $"the modes of combine.{key}");
            combine[key]!["default"]!.GetValue<string>().Should().Be(modes[i][0], "the first mode is the default");
        }
    }

    [Fact]
    public void Fact_types_equal_the_types_the_compiler_accepts()
    {
        var types = CompilerChoices("""
            policy: p
            version: "1"
            facts:
              orderValue: zzz
            otherwise: { note: n }
            """, RecoveryDiagnostics.UnknownFactType.Id).Single();

        Strings(Definition("factType")["enum"]).Should().Equal(types);
    }

    [Fact]
    public void Scales_are_the_four_the_compiler_accepts()
    {
        // The compiler's list is private: PolicyBinder.ScaleNames in src/RecoveryRules/Binding/PolicyBinder.cs.
        string[] scales = ["severity", "tier", "escalation", "role"];
        var schemaScales = Schema["properties"]!["scales"]!["properties"]!.AsObject().Select(p => p.Key);

        schemaScales.Should().Equal(scales);
        foreach (var scale in scales)
        {
            Compile($"policy: p\nversion: \"1\"\nscales:\n  {scale}: [low, high]\notherwise: {{ note: n }}\n").Success.Should().BeTrue(scale);
        }

        Compile("policy: p\nversion: \"1\"\nscales:\n  urgency: [low, high]\notherwise: { note: n }\n")
            .Diagnostics.Should().Contain(d => d.Id == RecoveryDiagnostics.UnknownScale.Id);
    }

    [Fact]
    public void Compensation_items_have_three_forms_and_escalate_two()
    {
        var items = Definition("compensationItem")["oneOf"]!.AsArray();
        items.Should().HaveCount(3, "'- apology', '- refund: 20' and '{ kind, amount, note }'");
        items[1]!["maxProperties"]!.GetValue<int>().Should().Be(1);
        Strings(items[1]!["propertyNames"]!["allOf"]![1]!["not"]!["enum"]).Should().BeEquivalentTo(SchemaKeys("a compensation item"),
            "a one-key mapping whose key is kind, amount or note is the mapping form, not '- KIND: AMOUNT'");

        var escalate = Definition("escalate")["oneOf"]!.AsArray();
        escalate.Should().HaveCount(2, "'escalate: supervisor' and '{ to, within }'");

        var when = Definition("rule")["properties"]!["when"]!["anyOf"]!.AsArray();
        when.Select(w => w!["type"]?.GetValue<string>()).Should().Contain("array");
    }

    [Theory]
    [InlineData("retail-recovery")]
    [InlineData("insurer-claims-2026")]
    [InlineData("a")]
    [InlineData("late-")]
    [InlineData("Retail")]
    [InlineData("retail_recovery")]
    [InlineData("2026-retail")]
    [InlineData("-retail")]
    [InlineData("réclamation")]
    public void Policy_id_pattern_agrees_with_the_compiler(string id)
    {
        var schemaAccepts = Regex.IsMatch(id, Schema["properties"]!["policy"]!["pattern"]!.GetValue<string>());

        var compilerAccepts = !Compile($"policy: '{id}'\nversion: \"1\"\notherwise: {{ note: n }}\n")
            .Diagnostics.Any(d => d.Id == RecoveryDiagnostics.InvalidPolicyId.Id);

        schemaAccepts.Should().Be(compilerAccepts, id);
    }

    [Theory]
    [InlineData("USD")]
    [InlineData("JPY")]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("EURO")]
    [InlineData("EU1")]
    [InlineData("EUX")]
    [InlineData("HRK")]
    [InlineData("XAU")]
    [InlineData("CHF")]
    public void Currency_pattern_and_list_agree_with_the_compiler(string currency)
    {
        var schemaAccepts = Regex.IsMatch(currency, Schema["properties"]!["currency"]!["pattern"]!.GetValue<string>())
            && Strings(Schema["properties"]!["currency"]!["enum"]).Contains(currency);

        var compilerAccepts = !Compile($"policy: p\nversion: \"1\"\ncurrency: '{currency}'\notherwise: {{ note: n }}\n")
            .Diagnostics.Any(d => d.Id == RecoveryDiagnostics.InvalidCurrency.Id);

        schemaAccepts.Should().Be(compilerAccepts, currency);
    }

    [Fact]
    public void Every_name_rule_reserves_the_built_in_functions()
    {
        // The functions are declared once (Symbols/BuiltInFunctions); the schema repeats them, so
        // each place it reserves names must list them all.
        var reserving = Descendants(Schema).OfType<JsonObject>()
            .Where(o => o["not"]?["enum"] is JsonArray words && Strings(words).Contains("and"))
            .ToList();
        reserving.Should().NotBeEmpty();
        foreach (var rule in reserving)
        {
            Strings(rule["not"]!["enum"]).Should().Contain(BuiltInFunctions.Names);
        }

        Definition("name")["description"]!.GetValue<string>().Should().Contain(string.Join(", ", BuiltInFunctions.Names));
    }

    [Theory]
    [InlineData("late-delivery")]
    [InlineData("claim_paid_late")]
    [InlineData("_internal")]
    [InlineData("outage2")]
    [InlineData("réclamation-tardive")]
    [InlineData("late-")]
    [InlineData("-late")]
    [InlineData("2nd-failure")]
    [InlineData("late delivery")]
    [InlineData("late.delivery")]
    [InlineData("and")]
    [InlineData("round")]
    public void Name_pattern_agrees_with_the_compiler(string name)
    {
        var definition = Definition("name");
        var schemaAccepts = Regex.IsMatch(name, definition["pattern"]!.GetValue<string>())
            && !Strings(definition["not"]!["enum"]).Contains(name);

        var compilerAccepts = !Compile($"policy: p\nversion: \"1\"\nrules:\n  - id: '{name}'\n    then: {{ note: n }}\n")
            .Diagnostics.Any(d => d.Id == RecoveryDiagnostics.InvalidName.Id);

        schemaAccepts.Should().Be(compilerAccepts, name);
    }

    [Theory]
    [InlineData("1h")]
    [InlineData("90s")]
    [InlineData("1h30m")]
    [InlineData("1.5h")]
    [InlineData(".5d")]
    [InlineData("1w2d3h4m5s")]
    [InlineData("0s")]
    [InlineData("PT2H")]
    [InlineData("P1D")]
    [InlineData("P1W")]
    [InlineData("P1DT12H")]
    [InlineData("PT1.5H")]
    [InlineData("1H")]
    [InlineData("h")]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("1m1h")]
    [InlineData("1d2d")]
    [InlineData("-1h")]
    [InlineData("2 hours")]
    [InlineData("P1Y")]
    [InlineData("PT2h")]
    public void Duration_pattern_agrees_with_the_compiler(string duration)
    {
        var schemaAccepts = Regex.IsMatch(duration, Definition("duration")["pattern"]!.GetValue<string>());

        schemaAccepts.Should().Be(Durations.TryParse(duration, out _), duration);
    }

    public static TheoryData<string> ValidFiles { get; } = DataFiles("valid");

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Policies_the_schema_accepts_compile_without_diagnostics(string file)
    {
        var result = PolicyYaml.CompileFile(Path.Combine(DataDirectory, "valid", file));

        result.Diagnostics.Should().BeEmpty();
        result.Success.Should().BeTrue();
    }

    public static TheoryData<string> InvalidFiles { get; } = DataFiles("invalid");

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Policies_the_schema_refuses_are_refused_by_the_compiler(string file)
    {
        var path = Path.Combine(DataDirectory, "invalid", file);
        var expected = Regex.Match(File.ReadAllText(path), @"^# expect: (RR\d{4})", RegexOptions.Multiline);
        expected.Success.Should().BeTrue($"{file} must say '# expect: RRnnnn' on its first line");

        var result = PolicyYaml.CompileFile(path);

        result.Success.Should().BeFalse();
        result.Diagnostics.Where(d => d.IsError).Select(d => d.Id).Should().Contain(expected.Groups[1].Value);
    }

    [Fact]
    public void Every_example_policy_points_editors_at_the_schema()
    {
        const string directive = "# yaml-language-server: $schema=";
        string[] policies =
        [
            .. Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "examples"), "*.policy.yaml", SearchOption.AllDirectories),
            .. Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.policy.yaml", SearchOption.AllDirectories),
            Path.Combine(RepositoryRoot, "tests", "RecoveryRules.Yaml.Tests", "Schema", "Data", "valid", "every-form.policy.yaml"),
        ];

        policies = [.. policies.Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))];
        policies.Length.Should().BeGreaterThan(8, "the examples hold at least eight policies");
        foreach (var policy in policies)
        {
            var first = File.ReadLines(policy).First();
            first.Should().StartWith(directive, policy);

            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(policy)!, first[directive.Length..].Trim()));

            target.Should().Be(Path.GetFullPath(SchemaPath), policy);
        }
    }

    // ---- the schema's side ----

    private static JsonObject ObjectForm(string mapping)
    {
        JsonObject FromOneOf(JsonObject definition) =>
            definition["oneOf"]!.AsArray().Select(n => n!.AsObject()).Single(o => o.ContainsKey("properties"));

        return mapping switch
        {
            "the policy" => Schema,
            "a rule" => Definition("rule"),
            "then" or "otherwise" => Definition("decision"),
            "combine" => Schema["properties"]!["combine"]!.AsObject(),
            "escalate" => FromOneOf(Definition("escalate")),
            "empower" => Definition("empower"),
            "a compensation item" => FromOneOf(Definition("compensationItem")),
            "a fact" => FromOneOf(Definition("fact")),
            _ => throw new ArgumentOutOfRangeException(nameof(mapping), mapping, null),
        };
    }

    private static List<string> SchemaKeys(string mapping) =>
        ObjectForm(mapping)["properties"]!.AsObject().Select(p => p.Key).ToList();

    private static List<string> Strings(JsonNode? array) =>
        array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
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

    // ---- the compiler's side ----

    // The keys the reader accepts, from the tables it reads with (src/RecoveryRules.Yaml/Reading/PolicyKeys.cs).
    // That the reader really reads with them, and reports any other key, is checked against the reader itself
    // below (The_reader_reports_every_key_outside_its_tables).
    private static readonly Lazy<Dictionary<string, List<string>>> ReaderKeys = new(() =>
        PolicyKeys.ByMapping.ToDictionary(pair => pair.Key, pair => pair.Value.ToList(), StringComparer.Ordinal));

    [Fact]
    public void The_reader_reports_every_key_outside_its_tables()
    {
        var result = Compile("""
            policy: p
            version: "1"
            zzz-policy: 1
            facts:
              orderValue: { type: money, zzz-fact: 1 }
            combine:
              zzz-combine: 1
            rules:
              - id: r
                zzz-rule: 1
                then:
                  zzz-then: 1
                  compensate:
                    - { kind: voucher, zzz-item: 1 }
                  escalate: { to: supervisor, zzz-escalate: 1 }
                  empower: { role: frontline, zzz-empower: 1 }
            otherwise:
              zzz-otherwise: 1
              note: n
            """);
        var unknownKeys = result.Diagnostics.Where(d => d.Id == RecoveryDiagnostics.UnknownKey.Id).ToList();
        var keyOf = new Dictionary<string, string>
        {
            ["the policy"] = "zzz-policy", ["a rule"] = "zzz-rule", ["then"] = "zzz-then", ["otherwise"] = "zzz-otherwise",
            ["combine"] = "zzz-combine", ["escalate"] = "zzz-escalate", ["empower"] = "zzz-empower",
            ["a compensation item"] = "zzz-item", ["a fact"] = "zzz-fact",
        };

        keyOf.Keys.Should().BeEquivalentTo(PolicyKeys.ByMapping.Keys);
        foreach (var (mapping, key) in keyOf)
        {
            var diagnostic = unknownKeys.SingleOrDefault(d => d.Message.Contains($"'{key}'", StringComparison.Ordinal));
            diagnostic.Should().NotBeNull($"the reader must report the unknown key '{key}'");
            ExpectedOneOf(diagnostic!).Should().Equal(PolicyKeys.ByMapping[mapping], $"the reader reads {mapping} with its table");
        }
    }

    [Fact]
    public void The_reader_accepts_every_key_of_its_tables()
    {
        // Every key of every table, in one policy: none may be reported as unknown.
        var result = Compile("""
            policy: p
            version: "1"
            description: d
            currency: USD
            scales: { severity: [minor, major] }
            channels: [phone]
            facts:
              orderValue: { type: money, default: 0 }
              failureType: { oneOf: [a, b] }
            define: { late: delay > 24h }
            combine: { compensation: sum, cap: orderValue, escalation: highest, empowerment: highest }
            diagnostics: { RR1001: none }
            rules:
              - id: r
                description: d
                priority: 1
                when: late
                stop: false
                suppress: { RR1003: "on purpose" }
                then:
                  compensate:
                    - { kind: voucher, amount: 10, note: n }
                  escalate: { to: supervisor, within: 1h }
                  empower: { role: frontline, limit: 10, actions: [refund] }
                  note: n
            otherwise: { note: n }
            """);

        result.Diagnostics.Where(d => d.Id == RecoveryDiagnostics.UnknownKey.Id).Should().BeEmpty();
    }

    [Fact]
    public void Configurable_ids_are_exactly_the_analyzers()
    {
        var pattern = Definition("diagnosticId")["pattern"]!.GetValue<string>();

        foreach (var descriptor in RecoveryDiagnostics.All)
        {
            var configurable = string.CompareOrdinal(descriptor.Id, "RR1000") >= 0;
            Regex.IsMatch(descriptor.Id, pattern).Should().Be(configurable, descriptor.Id);
        }
    }

    [Fact]
    public void Severity_words_equal_the_words_the_compiler_accepts()
    {
        var words = CompilerChoices("""
            policy: p
            version: "1"
            diagnostics: { RR1003: zzz }
            otherwise: { note: n }
            """, RecoveryDiagnostics.InvalidChoice.Id).Single();

        Strings(Definition("severity")["enum"]).Should().Equal(words);
    }

    /// <summary>The word lists of the diagnostics with <paramref name="id"/>, in file order ("Expected one of: sum, max, first").</summary>
    private static List<List<string>> CompilerChoices(string yaml, string id) =>
        Compile(yaml).Diagnostics.Where(d => d.Id == id).Select(ExpectedOneOf).ToList();

    private static List<string> ExpectedOneOf(Diagnostic diagnostic)
    {
        const string marker = "Expected one of: ";
        var at = diagnostic.Message.IndexOf(marker, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, $"{diagnostic.Id} lists what it accepts: {diagnostic.Message}");

        // Keep the plain words: "…, channel, or { oneOf: [...] }" ends with an alternative that is no word.
        return diagnostic.Message[(at + marker.Length)..]
            .Split(", ")
            .Select(w => w.Trim())
            .Where(w => Regex.IsMatch(w, "^[A-Za-z][A-Za-z-]*$"))
            .ToList();
    }

    private static PolicyCompilationResult Compile(string yaml) => PolicyYaml.Compile(yaml, "schema-test.policy.yaml");

    private static TheoryData<string> DataFiles(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(DataDirectory, folder), "*.policy.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecoveryRules.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RecoveryRules.sln above {AppContext.BaseDirectory}.");
    }
}

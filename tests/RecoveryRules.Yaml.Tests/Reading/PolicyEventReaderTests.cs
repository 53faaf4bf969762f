using System.Globalization;
using System.Text;
using CsCheck;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml.Reading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RecoveryRules.Yaml.Tests.Reading;

/// <summary>
/// Our event reader (docs/design.md §30) against YamlDotNet's Parser: for every YAML file of the tests and examples and for
/// generated and mutated YAML, either it gives Parser's events (type, value, style, anchor, tag, implicit flags, start
/// and end marks) and the load gives the same diagnostics and policy, or it leaves the text to Parser.
/// </summary>
public sealed class PolicyEventReaderTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static readonly string[] YamlFiles =
    [
        .. new[] { "tests", "examples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    private static readonly string[] Texts = [.. YamlFiles.Select(File.ReadAllText)];

    // Pieces a mutation inserts: indentation, tabs, flow, anchors, aliases, tags, comments, documents, directives, quotes.
    private static readonly string[] Insertions =
    [
        "  ", "    ", "\t", " \t", "\n", "\r\n", "\r", "[", "]", "{", "}", ", ", ": ", "- ", "? ", "[a, b]", "{a: 1}", "[a: 1, b]",
        "&a ", "*a", "&x [1]", "!", "! ", "!late ", "!!str ", "!!int ", "!<tag:x,2000:y> ", "!e!x ", "# c\n", " # c", "---\n",
        "--- ", "...\n", "%YAML 1.2\n---\n", "%TAG !e! tag:e,2000:\n---\n", "'", "\"", "''", "\"\\t\"", "|\n  x\n", ">-\n  y\n",
        "\uFEFF", "\u2028", "\u0085", "~", "null", "x", "when: ", "  - id: r\n", "<<: ",
    ];

    private static readonly Gen<string> YamlLike = Gen.OneOf(Insertions).Array[0, 30].Select(parts => string.Concat(parts));

    [Fact]
    public void Every_yaml_file_of_the_tests_and_examples_gives_parsers_events_or_is_left_to_the_parser()
    {
        YamlFiles.Should().HaveCountGreaterThan(200, "the differential covers every YAML file under tests/ and examples/");
        var handled = 0;
        foreach (var (path, text) in YamlFiles.Zip(Texts))
        {
            if (Compare(text, path))
            {
                handled++;
            }
        }

        // Non-vacuity: almost all of them are in the subset (302 of 310 when written; the others hold directives, invalid
        // YAML or deep nesting).
        handled.Should().BeGreaterThan(YamlFiles.Length * 8 / 10);
    }

    [Fact]
    public void The_real_policies_are_read_by_our_reader()
    {
        var policies = YamlFiles.Where(path => path.Contains($"examples{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && path.EndsWith(".policy.yaml", StringComparison.Ordinal)).ToArray();
        policies.Should().Contain(path => path.EndsWith("retail.policy.yaml", StringComparison.Ordinal));
        policies.Should().HaveCountGreaterThan(4);
        foreach (var path in policies)
        {
            PolicyEventReader.TryRead(File.ReadAllText(path), PolicyReaderOptions.Default.MaxDepth).Should().NotBeNull(path);
        }
    }

    [Fact]
    public void Every_yaml_file_loads_with_the_same_diagnostics_and_policy_both_ways()
    {
        foreach (var (path, text) in YamlFiles.Zip(Texts))
        {
            CompareLoads(text, Path.GetFileName(path));
        }
    }

    [Fact]
    public void Mutated_files_give_parsers_events_or_are_left_to_the_parser()
    {
        var handled = 0;
        var left = 0;
        Gen.Select(Gen.Int[0, Texts.Length - 1], Gen.Int[1, 4].SelectMany(count => Mutation.Array[count]))
            .Sample(
                (file, mutations) =>
                {
                    var text = mutations.Aggregate(Texts[file], (current, mutate) => mutate(current));
                    if (Compare(text, YamlFiles[file]))
                    {
                        Interlocked.Increment(ref handled);
                    }
                    else
                    {
                        Interlocked.Increment(ref left);
                    }

                    CompareLoads(text, "mutated.policy.yaml");
                },
                iter: 2_000);

        // Both ways ran: mutations that keep the text in the subset and mutations that leave it to Parser.
        handled.Should().BeGreaterThan(300);
        left.Should().BeGreaterThan(300);
    }

    [Fact]
    public void Generated_yaml_gives_parsers_events_or_is_left_to_the_parser()
    {
        var handled = 0;
        YamlLike.Sample(
            text =>
            {
                if (Compare(text, "generated"))
                {
                    Interlocked.Increment(ref handled);
                }

                CompareLoads(text, "generated.policy.yaml");
            },
            iter: 5_000);
        handled.Should().BeGreaterThan(250);
    }

    [Theory]
    [InlineData("%YAML 1.2\n---\npolicy: p\n")]
    [InlineData("%TAG !e! tag:example.com,2000:\n---\npolicy: !e!x p\n")]
    [InlineData("policy: !e!x p\n")]
    [InlineData("policy: [a, b\nversion: 1\n")]
    [InlineData("policy: p\n\tversion: 1\n")]
    [InlineData("a: b: c\n")]
    public void Directives_undefined_handles_and_invalid_yaml_are_left_to_the_parser(string text)
    {
        PolicyEventReader.TryRead(text, PolicyReaderOptions.Default.MaxDepth).Should().BeNull();
        CompareLoads(text, "left.policy.yaml");
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_left_to_the_parser_which_reports_it()
    {
        var options = PolicyReaderOptions.Default;
        var deep = "policy: " + new string('[', options.MaxDepth + 1) + new string(']', options.MaxDepth + 1) + "\n";
        PolicyEventReader.TryRead(deep, options.MaxDepth).Should().BeNull();
        var atLimit = "policy: " + new string('[', options.MaxDepth - 1) + new string(']', options.MaxDepth - 1) + "\n";
        PolicyEventReader.TryRead(atLimit, options.MaxDepth).Should().NotBeNull();
        CompareLoads(deep, "deep.policy.yaml").Should().Contain(RecoveryDiagnostics.NestingTooDeep.Id);
    }

    [Theory]
    [InlineData("policy: p\nversion: '1'\n")]
    [InlineData("---\npolicy: p\n...\n")]
    [InlineData("---\n")]
    [InlineData("")]
    [InlineData("a:\n- x\n-\n- [1, {b: }, c: d, ? e]\nf: &a !!str g\nh: *a\ni: ! j\nk: !l\n")]
    [InlineData("a: 1\n---\nb: 2\n--- c\n...\n")]
    [InlineData("{a: b, c, ? d : e}\n")]
    [InlineData("key: |+\n  kept\n\nnext: >-\n  folded\n  text\n")]
    public void Hand_written_documents_give_parsers_events(string text)
    {
        Compare(text, "hand-written").Should().BeTrue();
        CompareLoads(text, "hand.policy.yaml");
    }

    [Fact]
    public void The_reader_never_reads_yamldotnets_static_regex_holders()
    {
        // Constants.DefaultTagDirectives and AnchorName.Empty run static constructors that compile a regex (§30): reading
        // either (or compiling a method that does) brings back the cost the reader is there to avoid.
        var source = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "RecoveryRules.Yaml", "Reading", "PolicyEventReader.cs"));
        source.Should().NotContain("AnchorName.Empty").And.NotContain("Constants.").And.NotContain("TagDirective(");
    }

    private static readonly Gen<Func<string, string>> Mutation = Gen.OneOf(
        Gen.Double[0, 1].Select<double, Func<string, string>>(at => text => text[..(int)(text.Length * at)]),
        Gen.Select(Gen.Double[0, 1], Gen.Char["\t\n\r :-[]{},#&*!|>'\"%@`?x0"]).Select<(double, char), Func<string, string>>(
            pair => text => text.Length == 0 ? text : string.Concat(text.AsSpan(0, At(text, pair.Item1)), pair.Item2.ToString(), text.AsSpan(Math.Min(text.Length, At(text, pair.Item1) + 1)))),
        Gen.Select(Gen.Double[0, 1], Gen.OneOf(Insertions)).Select<(double, string), Func<string, string>>(
            pair => text => text.Insert(At(text, pair.Item1), pair.Item2)),
        Gen.Select(Gen.Double[0, 1], Gen.OneOf(Insertions)).Select<(double, string), Func<string, string>>(
            pair => text => text.Insert(LineStart(text, At(text, pair.Item1)), pair.Item2)),
        Gen.Const<Func<string, string>>(text => text.Replace("\n", "\r\n", StringComparison.Ordinal)),
        Gen.Const<Func<string, string>>(text => "\uFEFF" + text),
        Gen.Const<Func<string, string>>(text => text + "---\n" + text),
        Gen.Const<Func<string, string>>(text => "---\n" + text + "...\n"));

    private static int At(string text, double fraction) => Math.Min(text.Length, (int)(text.Length * fraction));

    private static int LineStart(string text, int at) => at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;

    // True when our reader took the text (then its events must be Parser's, all of them); false when it left it to Parser.
    private static bool Compare(string text, string what)
    {
        var ours = PolicyEventReader.TryRead(text, PolicyReaderOptions.Default.MaxDepth);
        if (ours is null)
        {
            return false;
        }

        var parser = new Parser(new StringReader(text));
        var theirs = new List<string>();
        try
        {
            while (parser.MoveNext())
            {
                theirs.Add(Describe(parser.Current!));
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{what}: our reader took a text Parser rejects after {theirs.Count} events ({exception.Message}):\n{text}", exception);
        }

        var described = ours.Select(Describe).ToList();
        if (!described.SequenceEqual(theirs))
        {
            var at = described.Zip(theirs).TakeWhile(pair => pair.First == pair.Second).Count();
            throw new InvalidOperationException(
                $"{what}: event {at} differs: ours {described.ElementAtOrDefault(at) ?? "(none)"}, Parser's {theirs.ElementAtOrDefault(at) ?? "(none)"}\n{text}");
        }

        return true;
    }

    // Loads the text both ways on this thread and checks the diagnostics and the policy's hash; returns the ids reported.
    private static string CompareLoads(string text, string path)
    {
        var ours = Load(text, path, parserOnly: false);
        var theirs = Load(text, path, parserOnly: true);
        ours.Should().Be(theirs, "the load must not depend on which reader read the YAML:\n" + text);
        return ours;
    }

    private static string Load(string text, string path, bool parserOnly)
    {
        PolicyEventReader.ParserOnly = parserOnly;
        try
        {
            var result = PolicyYaml.Compile(text, path);
            var builder = new StringBuilder();
            foreach (var diagnostic in result.Diagnostics)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{diagnostic.Id} {diagnostic.Severity} {diagnostic.Location.Span} {diagnostic.Message}\n");
            }

            builder.Append(result.Policy?.Identity.ToString() ?? "no policy");
            return builder.ToString();
        }
        finally
        {
            PolicyEventReader.ParserOnly = false;
        }
    }

    private static string Describe(ParsingEvent parsingEvent)
    {
        var common = $"{parsingEvent.GetType().Name} {Marks(parsingEvent.Start)}-{Marks(parsingEvent.End)}";
        return parsingEvent switch
        {
            Scalar scalar => $"{common} anchor={scalar.Anchor} tag={scalar.Tag} style={scalar.Style} plain={scalar.IsPlainImplicit} quoted={scalar.IsQuotedImplicit} key={scalar.IsKey} value=[{scalar.Value}]",
            SequenceStart start => $"{common} anchor={start.Anchor} tag={start.Tag} implicit={start.IsImplicit} style={start.Style}",
            MappingStart start => $"{common} anchor={start.Anchor} tag={start.Tag} implicit={start.IsImplicit} style={start.Style}",
            AnchorAlias alias => $"{common} alias={alias.Value}",
            DocumentStart start => $"{common} implicit={start.IsImplicit} version={start.Version?.Version}",
            DocumentEnd end => $"{common} implicit={end.IsImplicit}",
            _ => common,
        };
    }

    private static string Marks(Mark mark) => string.Create(CultureInfo.InvariantCulture, $"{mark.Index}/{mark.Line}/{mark.Column}");

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

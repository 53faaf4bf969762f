using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryRules.Hosting.Tests.Support;
using RecoveryRules.Yaml;

namespace RecoveryRules.Hosting.Tests.Fuzzing;

/// <summary>
/// <c>AddPolicyText</c> with mutated and generated YAML: the engine either starts, and then answers every case
/// without throwing, or refuses to start with the one documented <see cref="OptionsValidationException"/> whose
/// failures are exactly the compiler's errors, each as <c>path(line,col): error RRnnnn: message</c>
/// (docs/fuzzing.md, "Hosting").
/// </summary>
public sealed partial class AddPolicyTextFuzzTests
{
    private const string EnvironmentVariable = "RECOVERYRULES_FUZZ_ITERATIONS";

    private static readonly string[] Seeds =
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Data"), "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    private static readonly string[] Snippets =
    [
        "&a ", "*a", "<<: *a", "\t", "[", "]", "{", "}", ": ", "- ", "? ", "#", "'", "\"", "|", ">", "---\n", "...\n", "\uFEFF", "\0",
        "!!str ", "~", "null", "\"\\ud800\"", "\U0001F600", "\r\n", "\n\n", new string('x', 3000), new string('[', 100),
        "severity == critcal", "orderValue / 0", "1e999", "100%", "-1h", "min(", "policy: x\n", "version: 1\n", "facts:\n  a: money\n",
        "rules: []\n", "when: true\n", "  - id: r\n    when: true\n    then: {}\n",
    ];

    private static readonly string[] Cases =
    [
        """{"id":"c-1","severity":"critical","channel":"phone","delay":"3h","customer":{"tier":"gold","value":100},"orderValue":80}""",
        """{"id":"c-2","severity":"minor","channel":"chat","delay":"30m","orderValue":5}""",
        "{}",
        "not json",
    ];

    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), NumberStyles.None, CultureInfo.InvariantCulture, out long iterations) && iterations > 0
            ? iterations
            : 300;

    private static readonly Gen<string> MutatedPolicies = Gen.Select(
            Gen.Int[0, Seeds.Length - 1],
            Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000]).Array[1, 5])
        .Select(input => input.Item2.Aggregate(Seeds[input.Item1], (text, m) => Mutate(text, m.Item1, m.Item2, m.Item3)));

    private static readonly Gen<string> GeneratedPolicies = Gen.Select(
            Gen.OneOf(Gen.Const("policy: p\nversion: \"1\"\n"), Gen.Const("")),
            Gen.Int[0, Snippets.Length - 1].Select(i => Snippets[i]).Array[0, 12],
            (head, parts) => head + string.Concat(parts));

    [Fact]
    public void Mutated_policy_text_either_starts_or_fails_with_every_compiler_error()
    {
        MutatedPolicies.Sample(Check, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Generated_policy_text_either_starts_or_fails_with_every_compiler_error()
    {
        GeneratedPolicies.Sample(Check, iter: Iterations, threads: 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0")]
    [InlineData("\ud800")]
    [InlineData("policy: [")]
    public void Degenerate_text_fails_at_start_with_diagnostics(string yaml) => Check(yaml);

    private static void Check(string yaml)
    {
        var services = new ServiceCollection();
        services.AddRecoveryRules(rules => rules.AddPolicyText("fuzzed", yaml, "fuzzed.policy.yaml"));
        using ServiceProvider provider = services.BuildServiceProvider();
        string[] expected = [.. PolicyYaml.Compile(yaml, "fuzzed.policy.yaml").Diagnostics.Where(d => d.IsError).Select(d => d.ToString())];

        IRecoveryEngine engine;
        try
        {
            engine = provider.GetRequiredService<IRecoveryEngine>();
        }
        catch (OptionsValidationException exception)
        {
            exception.Failures.Should().Equal(expected);
            exception.Failures.Should().OnlyContain(f => DiagnosticLine().IsMatch(f), "each failure is a located diagnostic");
            return;
        }

        expected.Should().BeEmpty("the engine started");
        engine.Policies.Should().ContainSingle().Which.IsHealthy.Should().BeTrue();
        foreach (string json in Cases)
        {
            CaseResult result = engine.EvaluateJson(json);
            (result.Decision is null).Should().NotBe(result.Error is null);
        }
    }

    private static string Mutate(string text, int kind, int where, int what)
    {
        if (text.Length == 0)
        {
            return Snippets[what % Snippets.Length];
        }

        int at = where % (text.Length + 1);
        string[] lines = text.Split('\n');
        int line = where % lines.Length;
        return kind switch
        {
            0 => text.Insert(at, Snippets[what % Snippets.Length]),
            1 => text[..at],
            2 => string.Join('\n', lines.Where((_, i) => i != line)),
            3 => string.Join('\n', lines.Take(line + 1).Append(lines[what % lines.Length]).Concat(lines.Skip(line + 1))),
            4 => at < text.Length ? text.Remove(at, 1).Insert(at, ((char)(what % 0x3000)).ToString()) : text,
            _ => string.Join('\n', lines.Select((l, i) => i == line ? "\t" + l : l)),
        };
    }

    [GeneratedRegex(@"^.+\(\d+,\d+\): error RR\d{4}: .+$", RegexOptions.Singleline)]
    private static partial Regex DiagnosticLine();
}

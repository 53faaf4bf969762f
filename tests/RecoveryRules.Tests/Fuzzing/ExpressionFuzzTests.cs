using System.Globalization;
using System.Text;
using CsCheck;
using RecoveryRules.Symbols;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// Fuzzes the expression front end (issue 6: no policy text may crash, hang or exhaust the
/// compiler). Generated and mutated expression texts (extreme literals, long chains of every
/// operator, deep nesting, doubling defines, random token sequences) are placed in a policy's
/// <c>when</c>, an amount, a define, the cap or a limit. Whatever the text: compiling never
/// throws, every diagnostic lies inside the policy's text, and a policy that compiles decides a few
/// cases alike interpreted and compiled. CI runs a few hundred inputs per test (about 10 s in all);
/// <c>RECOVERYRULES_FUZZ_ITERATIONS=100000</c> runs a long one. An input that ever failed is kept in
/// Fuzzing/Regressions/expressions and replayed by <see cref="Regressions_compile_without_throwing_and_report_inside_the_text"/>.
/// </summary>
public sealed class ExpressionFuzzTests
{
    private const string IterationsVariable = "RECOVERYRULES_FUZZ_ITERATIONS";

    private static long Iterations(long ci) =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : ci;

    private static string RegressionFolder => RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Fuzzing", "Regressions", "expressions");

    private static readonly string[] Cases =
    [
        """{"id": "a", "severity": "major", "channel": "email", "delay": "30h", "orderValue": 120, "vip": true, "count": 3, "waited": "2h", "label": "x"}""",
        """{"id": "b", "severity": "minor", "channel": "app", "delay": "10m", "orderValue": 0, "vip": false, "count": 0, "waited": "0s", "label": "y"}""",
        """{"id": "c", "severity": "critical", "channel": "phone", "delay": "P3D", "orderValue": 79228162514264337593543950335, "vip": true, "count": -7, "waited": "99999w", "label": ""}""",
    ];

    private static readonly string[] Operands =
    [
        "orderValue", "count", "delay", "waited", "vip", "severity", "customer.tier", "customer.value", "label", "delay.hours", "waited.days",
        "major", "gold", "'x'", "'duty-manager'", "true", "false", "base", "late", "share",
        "0", "1", "2.5", "100", "0.0000000000000000000000000001", "79228162514264337593543950335", "79228162514264337593543950336",
        "1000000000000000000000000000000", "123456789012345678901234567890123456789", "1e999", "1e-5", "1.2.3", ".5",
        "20%", "100%", "0.5%", "1000000000000000000000000000000%", "50 USD", "50 EUR", "1000000000000000000000000000000 USD",
        "90s", "1h30m", "2d", "1w", "10675199d", "10675200d", "99999999999w", "1000000000000000000000000w", ".5h", "1h1h",
        "P1D", "PT1H30M", "P262514264337593543950335W", "PT99999999999999999999999999999S", "P", "PT",
    ];

    private static readonly string[] Operators =
    [
        "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or", "of", "in", "not in",
    ];

    private static readonly string[] Vocabulary =
    [
        .. Operands, .. Operators, "not", "(", ")", "[", "]", ",", "min(", "max(", "clamp(", "round(", "abs(", "foo(",
        "=", "&&", "||", "!", "\"q\"", "%", "'unterminated", "-", "--", "__", "a-", "@", "\t", "é",
    ];

    /// <summary>A well-formed expression of some depth, built from operands and operators.</summary>
    private static readonly Gen<string> Structured = Gen.Recursive<string>((depth, self) =>
        depth >= 6
            ? Gen.OneOf(Operands)
            : Gen.Frequency(
                (4, Gen.OneOf(Operands)),
                (3, Gen.Select(self, Gen.OneOf(Operators), self, (l, op, r) => op is "in" or "not in" ? $"{l} {op} [{r}]" : $"{l} {op} {r}")),
                (1, self.Select(e => $"({e})")),
                (1, self.Select(e => $"-{e}")),
                (1, self.Select(e => $"not {e}")),
                (1, Gen.Select(Gen.OneOf(BuiltInFunctions.Names.ToArray()), self.Array[0, 4], (f, args) => $"{f}({string.Join(", ", args)})")),
                (1, self.Array[0, 5].Select(items => $"[{string.Join(", ", items)}]"))));

    /// <summary>A long chain of one operator, a deep nest of parentheses, unary minus or 'not'.</summary>
    private static readonly Gen<string> Extreme = Gen.Frequency(
        (3, Gen.Select(Gen.OneOf(Operands), Gen.OneOf(Operators), Gen.Int[1, 3_000], (operand, op, n) =>
            string.Join($" {op} ", Enumerable.Repeat(op is "in" or "not in" ? $"[{operand}]" : operand, n)))),
        (1, Gen.Select(Structured, Gen.Int[1, 400], (e, n) => new string('(', n) + e + new string(')', n))),
        (1, Gen.Select(Structured, Gen.Int[1, 400], (e, n) => string.Concat(Enumerable.Repeat("-", n)) + e)),
        (1, Gen.Select(Structured, Gen.Int[1, 400], (e, n) => string.Concat(Enumerable.Repeat("not ", n)) + e)),
        (1, Gen.Select(Gen.OneOf("min", "max"), Gen.Int[1, 3_000], (f, n) => $"{f}({string.Join(", ", Enumerable.Repeat("orderValue", n))})")),
        (1, Gen.Int[1, 3_000].Select(n => $"count in [{string.Join(", ", Enumerable.Range(0, n))}]")));

    /// <summary>Random tokens of the lexer's vocabulary, in any order.</summary>
    private static readonly Gen<string> Tokens = Gen.OneOf(Vocabulary).Array[1, 40].Select(tokens => string.Join(" ", tokens));

    /// <summary>A generated expression with characters replaced, inserted or deleted.</summary>
    private static readonly Gen<string> Mutated = Gen.Select(Gen.Frequency((1, Structured), (1, Extreme)), Gen.Int.Array[1, 6], Gen.Char["()[],+-*/%<>=!'. 0123456789aeEPTwdhms"].Array[6, 6],
        (text, positions, chars) =>
        {
            var builder = new StringBuilder(text);
            for (var i = 0; i < positions.Length; i++)
            {
                var at = (int)((uint)positions[i] % (uint)(builder.Length + 1));
                switch ((uint)positions[i] % 3)
                {
                    case 0: builder.Insert(at, chars[i]); break;
                    case 1 when at < builder.Length: builder[at] = chars[i]; break;
                    case 2 when at < builder.Length: builder.Remove(at, 1); break;
                }
            }

            return builder.ToString();
        });

    private static readonly Gen<string> Expressions = Gen.Frequency((3, Structured), (2, Extreme), (2, Tokens), (3, Mutated));

    /// <summary>Where the expression goes: 0 when, 1 an amount, 2 a define, 3 the cap, 4 a limit.</summary>
    private static readonly Gen<(string Expression, int Place)> Placed = Gen.Select(Expressions, Gen.Int[0, 4]);

    /// <summary>A YAML double-quoted scalar: the expression's text exactly, whatever its characters.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";

    internal static string PolicyFor(string expression, int place)
    {
        var e = Quote(expression);
        return $"""
            policy: fuzz
            version: "1"
            facts:
              orderValue: {"{"} type: money {"}"}
              vip: {"{"} type: bool {"}"}
              count: {"{"} type: number {"}"}
              waited: {"{"} type: duration {"}"}
              label: {"{"} type: text {"}"}
            define:
              base: orderValue / 2
              late: delay > 24h
              share: 10%
              fuzzed: {(place == 2 ? e : "base + 1")}
            combine:
              cap: {(place == 3 ? e : "fuzzed * 0 + 1000")}
            rules:
              - id: r
                when: {(place == 0 ? e : "late or vip")}
                then:
                  compensate:
                    - refund: {(place == 1 ? e : "share of orderValue")}
                  empower: {"{"} role: supervisor, limit: {(place == 4 ? e : "100")} {"}"}
            """;
    }

    /// <summary>Compiles <paramref name="yaml"/>: never throws, reports only inside the text, and decides alike interpreted and compiled.</summary>
    internal static void Check(string yaml)
    {
        PolicyCompilationResult interpreted;
        try
        {
            interpreted = PolicyYaml.Compile(yaml, "fuzz.policy.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = RuleExecution.Interpreted });
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Compiling threw {e.GetType().Name}: {e.Message}{Environment.NewLine}{yaml}");
        }

        PolicyAssert.CheckMessages(interpreted.Diagnostics);
        var lines = yaml.Split('\n');
        foreach (var diagnostic in interpreted.Diagnostics)
        {
            foreach (var position in new[] { diagnostic.Location.Span.Start, diagnostic.Location.Span.End })
            {
                position.Line.Should().BeInRange(0, lines.Length - 1, "{0} lies inside the text", diagnostic);
                position.Character.Should().BeInRange(0, lines[position.Line].Length + 1, "{0} lies inside its line", diagnostic);
            }

            diagnostic.Location.Span.End.Should().BeGreaterThanOrEqualTo(diagnostic.Location.Span.Start);
        }

        if (interpreted.Policy is not { } interpretedPolicy)
        {
            return;
        }

        var compiled = PolicyYaml.Compile(yaml, "fuzz.policy.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = RuleExecution.Compiled }).GetPolicyOrThrow();
        foreach (var json in Cases)
        {
            foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
            {
                compiled.EvaluateJson(json, options).ToJson().Should().Be(interpretedPolicy.EvaluateJson(json, options).ToJson(), "both executions decide alike for {0}{1}{2}", json, Environment.NewLine, yaml);
            }
        }
    }

    [Fact]
    public void Generated_and_mutated_expressions_in_every_place_never_crash_the_compiler() =>
        Placed.Sample(input => Check(PolicyFor(input.Expression, input.Place)), iter: Iterations(250), print: input => PolicyFor(input.Expression, input.Place));

    [Fact]
    public void Random_token_sequences_never_crash_the_compiler() =>
        Gen.Select(Tokens, Gen.Int[0, 4]).Sample(input => Check(PolicyFor(input.Item1, input.Item2)), iter: Iterations(250), print: input => PolicyFor(input.Item1, input.Item2));

    [Fact]
    public void Chains_of_doubling_defines_compile_in_linear_time_or_are_reported() =>
        Gen.Int[1, 150].Sample(n => Check(Chain(n)), iter: Iterations(25), print: Chain);

    /// <summary>d1: orderValue + orderValue, d2: d1 + d1, …: past 100 levels, RR0217.</summary>
    private static string Chain(int defines)
    {
        var yaml = new StringBuilder("policy: chain\nversion: \"1\"\nfacts:\n  orderValue: { type: money }\ndefine:\n  d1: orderValue + orderValue\n");
        for (var i = 2; i <= defines; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  d{i}: d{i - 1} + d{i - 1}\n");
        }

        yaml.Append(CultureInfo.InvariantCulture, $"rules:\n  - id: r\n    when: d{defines} >= 0\n    then:\n      compensate:\n        - refund: min(d{defines}, 1)\n");
        return yaml.ToString();
    }

    public static TheoryData<string> RegressionFiles { get; } =
        [.. Directory.GetFiles(RegressionFolder, "*.policy.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(RegressionFiles))]
    public void Regressions_compile_without_throwing_and_report_inside_the_text(string file) =>
        Check(File.ReadAllText(Path.Combine(RegressionFolder, file)));

    [Fact]
    public void The_issues_reproducers_generated_at_test_time_are_diagnostics()
    {
        var chain = string.Join(" + ", Enumerable.Repeat("orderValue", 10_000));
        var and = string.Join(" and ", Enumerable.Repeat("vip", 20_000));
        foreach (var (expression, place) in new[] { (chain, 1), (and, 0), (chain, 2), (chain, 3), (chain, 4) })
        {
            var yaml = PolicyFor(expression, place);
            Check(yaml);
            PolicyYaml.Compile(yaml).Diagnostics.Select(d => d.Id).Should().Equal("RR0106");
        }

        Check(Chain(22));
        Check(Chain(40));
        PolicyYaml.Compile(Chain(40)).Success.Should().BeTrue();
    }
}

using System.Text;
using CsCheck;
using RecoveryRules.Tests.Cases;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// Fuzzes real case documents against real policies (docs/fuzzing.md). A bounded run in CI;
/// <c>RECOVERYRULES_FUZZ_ITERATIONS=1000000</c> runs a long one. A failing input is shrunk, kept
/// under Regressions/cases and replayed from then on by <see cref="Every_kept_input_is_still_handled"/>.
/// </summary>
public sealed class CaseFuzzTests
{
    private static readonly string[] RetailSeeds =
    [
        .. File.ReadAllLines(RepositoryRoot.Combine("examples", "retail", "cases.jsonl")).Where(line => line.Length > 0),
        .. File.ReadAllLines(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "retail-cases.jsonl")).Where(line => line.Length > 0),
        File.ReadAllText(RepositoryRoot.Combine("examples", "retail", "case-c-1042.json")),
        """{"id": 7, "severity": "critical", "channel": "phone", "occurredAt": "2026-11-22T08:00:00+01:00", "customer.tier": "gold", "orderValue": "80.00 USD", "failureType": "technical", "proactive": false, "repeatFailures": 3}""",
    ];

    private static readonly string[] CasesSeeds =
    [
        CaseReadingTests.Valid(),
        CaseReadingTests.Valid("\"customer\": {\"tier\": \"gold\", \"value\": 1200, \"segment\": \"b2b\"}, \"repeatFailures\": 0, \"failureType\": \"technical\""),
        CaseReadingTests.Valid("\"customer.segment\": \"web\", \"customer.value\": 5e28"),
    ];

    private static readonly string[] TwoAmountsSeeds =
    [
        """{"id": "big", "severity": "critical", "channel": "phone", "delay": "3h", "orderValue": 5e28, "note": "x"}""",
        """{"id": "small", "severity": "major", "channel": "email", "delay": "30m", "orderValue": "80.00 USD"}""",
        """{"id": "edge", "severity": "minor", "channel": "chat", "delay": "P1D", "orderValue": 79228162514264337593543950335}""",
    ];

    public static TheoryData<string> PolicyNames { get; } = ["retail", "cases", "two-amounts-sum", "two-amounts-max", "two-amounts-first"];

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Mutated_cases_never_throw_and_every_execution_decides_alike(string policyName)
    {
        var seeds = policyName switch
        {
            "retail" => RetailSeeds,
            "cases" => CasesSeeds,
            _ => TwoAmountsSeeds,
        };
        var seedBytes = seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        CaseFuzzing.Policy(policyName); // compile before the threads start
        var inputs = Gen.Select(Gen.Int[0, seedBytes.Length - 1], CaseMutations.Mutations, (seed, mutations) => CaseMutations.Apply(seedBytes[seed], mutations));

        var gate = new object();
        byte[]? smallest = null;
        try
        {
            inputs.Sample(
                input =>
                {
                    try
                    {
                        CaseFuzzing.Check(policyName, input);
                    }
                    catch
                    {
                        lock (gate)
                        {
                            if (smallest is null || input.Length < smallest.Length)
                            {
                                smallest = input;
                            }
                        }

                        throw;
                    }
                },
                iter: CaseFuzzing.Iterations,
                print: CaseFuzzing.Print);
        }
        catch when (smallest is not null)
        {
            var kept = CaseFuzzing.Keep(policyName, smallest);
            throw new Xunit.Sdk.XunitException($"A mutated case failed; the smallest failing input is kept as {kept}: {CaseFuzzing.Print(smallest)}");
        }
    }

    private static string[] KeptFiles() =>
        [.. Directory.EnumerateFiles(CaseFuzzing.RegressionFolder, "*.json").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> KeptInputs { get; } = [.. KeptFiles()];

    [Theory]
    [MemberData(nameof(KeptInputs))]
    public void Every_kept_input_is_still_handled(string file)
    {
        var policyName = file[..file.IndexOf('.', StringComparison.Ordinal)];
        var input = File.ReadAllBytes(Path.Combine(CaseFuzzing.RegressionFolder, file));

        CaseFuzzing.Check(policyName, input);
    }

    [Fact]
    public void The_regression_folder_holds_the_reproducers_of_the_issue()
    {
        KeptFiles().Should().Contain(
            ["retail.lone-surrogate-in-id.json", "retail.invalid-utf8-in-severity.json", "retail.huge-compact-delay.json", "two-amounts-sum.sum-past-decimal.json"]);
    }

    /// <summary>A fact set in code: a name (a real fact or a hostile one) and a value of any of the builder's kinds.</summary>
    private static readonly Gen<(string Name, object Value)> BuilderFacts = Gen.Select(
        Gen.OneOf("severity", "channel", "delay", "orderValue", "failureType", "proactive", "customer.tier", "customer.value", "repeatFailures", "occurredAt", "id", "sev\ud800", "customer.\udfff", ""),
        Gen.OneOf<object>(
            Gen.String.Select(text => (object)text),
            Gen.OneOf<object>("critical", "gold", "\ud800", "crit\udc00ical", "\0", "\uFFFF", "phone"),
            Gen.Decimal.Select(number => (object)number),
            Gen.OneOf<object>(decimal.MaxValue, decimal.MinValue, 5e28m, 0.0000000000000000000000000001m),
            Gen.Bool.Select(flag => (object)flag),
            Gen.Long.Select(ticks => (object)TimeSpan.FromTicks(ticks)),
            Gen.OneOf<object>(TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.Zero),
            Gen.OneOf<object>(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(14)))),
        (name, value) => (name, value));

    [Fact]
    public void Cases_built_in_code_from_hostile_values_never_throw_and_every_execution_decides_alike()
    {
        var policies = CaseFuzzing.Policy("retail");
        var inputs = Gen.Select(Gen.OneOf<string?>(null, "c-1", "\ud800", ""), BuilderFacts.Array[0, 10]);

        inputs.Sample(
            input =>
            {
                var outcomes = new HashSet<string>(StringComparer.Ordinal);
                foreach (var policy in policies)
                {
                    var builder = policy.CreateCase(input.Item1);
                    foreach (var (name, value) in input.Item2.Where(fact => fact.Item1.Length > 0))
                    {
                        _ = value switch
                        {
                            string text => builder.With(name, text),
                            decimal number => builder.With(name, number),
                            bool flag => builder.With(name, flag),
                            TimeSpan span => builder.With(name, span),
                            DateTimeOffset at => builder.OccurredAt(at),
                            _ => builder,
                        };
                    }

                    try
                    {
                        builder.Build();
                    }
                    catch (CaseException)
                    {
                        // the only exception Build may throw
                    }

                    if (!builder.TryBuild(out var recoveryCase, out var error))
                    {
                        error.Id.Should().MatchRegex("^RR04[0-9][0-9]$").And.NotBe("RR0429", error.Message);
                        outcomes.Add("error " + error.Id + " " + error.Field);
                        continue;
                    }

                    foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
                    {
                        policy.TryEvaluate(recoveryCase, out var decision, out var evaluationError, options);
                        evaluationError?.Id.Should().NotBe("RR0429", evaluationError.Message);
                        outcomes.Add(decision is null ? "error " + evaluationError!.Id : (decision with { Explanation = null }).ToJson());
                    }
                }

                outcomes.Should().HaveCount(1, string.Join(Environment.NewLine, outcomes));
            },
            iter: CaseFuzzing.Iterations);
    }
}

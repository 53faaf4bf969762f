using System.Text;
using System.Text.Json;
using CsCheck;
using RecoveryRules.Tests.Fuzzing;
using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// Fuzzes the batch API and the UTF-8 read path it is fed by (docs/fuzzing.md): mutated real cases, in batches,
/// decide exactly as one by one; and a case the plain UTF-8 path reads is exactly the case the document path reads.
/// </summary>
public sealed class EvaluateManyFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        .. File.ReadAllLines(RepositoryRoot.Combine("examples", "retail", "cases.jsonl")).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes),
        .. File.ReadAllLines(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "retail-cases.jsonl")).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes),
        Encoding.UTF8.GetBytes("""{"id": 7, "severity": "critical", "channel": "phone", "occurredAt": "2026-11-22T08:00:00+01:00", "customer.tier": "gold", "orderValue": "80.00 USD", "failureType": "technical", "proactive": false, "repeatFailures": 3}"""),
        Encoding.UTF8.GetBytes("""{"id": "n", "severity": "minor", "channel": "app", "delay": "PT1H30M", "customer": {"tier": null, "value": 1.50}, "orderValue": -0.0, "failureType": "information", "proactive": true}"""),
    ];

    private static readonly Gen<byte[]> Inputs =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], CaseMutations.Mutations, (seed, mutations) => CaseMutations.Apply(Seeds[seed], mutations));

    [Fact]
    public void A_batch_of_mutated_cases_decides_as_the_cases_one_by_one()
    {
        Inputs.Array[0, 24].Sample(
            inputs =>
            {
                var (policy, clock) = EvaluateManyTests.Retail();
                RecoveryCase[] cases = [.. inputs.Select(input => policy.TryReadCase(input, out var c, out _) ? c : null).OfType<RecoveryCase>()];
                var results = new CaseResult[cases.Length];
                policy.EvaluateMany(cases, results);
                var at = new EvaluationOptions { Now = clock.Last };
                results.Select(EvaluateManyTests.Describe).Should().Equal(cases.Select(c => EvaluateManyTests.Describe(EvaluateManyTests.OneByOne(policy, c, at))));
            },
            iter: Math.Max(1, CaseFuzzing.Iterations / 10),
            print: inputs => string.Join(" | ", inputs.Select(CaseFuzzing.Print)));
    }

    [Fact]
    public void A_case_read_on_the_UTF8_path_is_the_case_the_document_path_reads()
    {
        var policy = CaseFuzzing.Policy("retail")[1];
        Inputs.Sample(input => ReadAlike(policy, input), iter: CaseFuzzing.Iterations * 4, print: CaseFuzzing.Print);
    }

    [Theory]
    [InlineData("""{"id": "a", "id": "b", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "a", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true, "id": null}""")]
    [InlineData("""{"id": 12.50, "severity": "minor", "channel": "app", "delay": "1h", "orderValue": "12. USD", "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "e", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1.5e1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "u", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": ".5 USD", "failureType": "informati\u006Fn", "proactive": true}""")]
    [InlineData("""{"id": "z", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": "-0.00 USD", "failureType": "information", "proactive": true}  """)]
    [InlineData("""{"id": "t", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true} {}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": {}, "customer.tier": "gold", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "o", "severity": "minor", "channel": "app", "occurredAt": "2026-11-22T08:00:00Z", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "o", "severity": "minor", "channel": "app", "occurredAt": "2026-11-22T08:00:00", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    public void Edge_cases_read_alike_on_both_paths(string json) =>
        ReadAlike(CaseFuzzing.Policy("retail")[1], Encoding.UTF8.GetBytes(json));

    private static void ReadAlike(RecoveryPolicy policy, byte[] input)
    {
        if (!policy.Reader.TryReadPlainUtf8(input, ownsInput: false, out var plain))
        {
            return; // left to the document path: nothing to compare
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException("The UTF-8 path read a case the document path finds malformed: " + exception.Message, exception);
        }

        using (document)
        {
            policy.TryReadCase(document.RootElement, out var read, out var error).Should().BeTrue(error?.Message);
            plain.Id.Should().Be(read!.Id);
            plain.OccurredAt.Should().Be(read.OccurredAt);
            plain.Decimals.Select(decimal.GetBits).Should().BeEquivalentTo(read.Decimals.Select(decimal.GetBits), o => o.WithStrictOrdering(), "the same values and scales");
            plain.Ordinals.Should().Equal(read.Ordinals);
            plain.Booleans.Should().Equal(read.Booleans);
            plain.Texts.Should().Equal(read.Texts);
            plain.Given.ToArray().Should().Equal(read.Given.ToArray());
            var at = new EvaluationOptions { Now = Policies.Now, Explain = true };
            EvaluateManyTests.Describe(EvaluateManyTests.OneByOne(policy, plain, at)).Should().Be(EvaluateManyTests.Describe(EvaluateManyTests.OneByOne(policy, read, at)));
        }
    }
}

using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CsCheck;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// The decision line written straight from the evaluation (<c>RecoveryPolicy.TryWritePlainUtf8Line</c>, docs/design.md §21)
/// against the object path: for every example policy and its cases, the generated 200-rule policy and its cases, and
/// generated policies (every combining mode, caps, <c>otherwise</c>) and cases (some overflowing), a written line is
/// <see cref="Decision.ToJson"/>'s of the decision <see cref="RecoveryPolicy.TryEvaluate"/> gives, and a newline; a case
/// that fails gets the very same error and nothing is written; a case id the line does not copy as it is gets the
/// decision itself, to write through the JSON writer.
/// </summary>
public sealed class DecisionLineDifferentialTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, 120, TimeSpan.FromHours(2));

    public static TheoryData<string> ExamplePolicies { get; } =
    [
        .. Directory.EnumerateFiles(RepositoryRoot.Combine("examples"), "*.policy.yaml", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryRoot.Combine("examples"), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(ExamplePolicies))]
    public void An_example_policy_writes_each_case_line_as_its_decision_json(string example)
    {
        var path = RepositoryRoot.Combine("examples", example);
        var policy = PolicyYaml.Compile(File.ReadAllText(path), example).GetPolicyOrThrow();

        // The cases beside the policy (a policy without any is given the retail ones, which read or fail alike).
        var folder = Path.GetDirectoryName(path)!;
        var files = Directory.EnumerateFiles(folder, "cases*.jsonl").ToList();
        if (files.Count == 0)
        {
            files.Add(RepositoryRoot.Combine("examples", "retail", "cases.jsonl"));
        }

        var tally = new Tally();
        foreach (var line in files.SelectMany(File.ReadAllLines).Where(line => line.Trim().Length > 0))
        {
            tally.Add(Compare(policy, line));
            tally.Add(Compare(policy, line, Now.AddYears(-1))); // some occurredAt in the future
        }

        tally.Written.Should().BePositive($"the cases of {example} are written as lines");
    }

    [Fact]
    public void The_generated_200_rule_policy_writes_each_case_line_as_its_decision_json()
    {
        var yaml = File.ReadAllText(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "generated-200.policy.yaml"));
        var cases = File.ReadAllLines(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "generated-200-cases.jsonl"));
        var tally = new Tally();
        foreach (var execution in new[] { RuleExecution.Compiled, RuleExecution.Interpreted })
        {
            var policy = PolicyYaml.Compile(yaml, "generated-200.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = execution }).GetPolicyOrThrow();
            foreach (var line in cases)
            {
                tally.Add(Compare(policy, line));
            }
        }

        tally.Written.Should().Be(2 * cases.Length);
    }

    [Fact]
    public void Generated_policies_write_each_case_line_as_its_decision_json()
    {
        var tally = new Tally();
        Gen.Select(PolicyGenerators.Policies, Cases.Array[10, 30]).Sample(
            input =>
            {
                var result = PolicyYaml.Compile(input.Item1.ToYaml(), "generated.policy.yaml");
                result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics));
                foreach (var json in input.Item2)
                {
                    tally.Add(Compare(result.Policy!, json));
                }
            },
            iter: 300,
            print: input => Environment.NewLine + input.Item1.ToYaml() + string.Join(Environment.NewLine, input.Item2));

        // Not vacuous: lines were written and errors (overflowing sums) compared.
        tally.Written.Should().BePositive();
        tally.Failed.Should().BePositive();
    }

    [Fact]
    public void A_generated_200_rule_policy_in_every_mode_writes_each_case_line_as_its_decision_json()
    {
        var large = Gen.Select(
            Gen.OneOf("sum", "max", "first"),
            Gen.OneOf("highest", "first"),
            Gen.OneOf("highest", "first"),
            Gen.Frequency((1, Gen.Const((Amount?)null)), (1, PolicyGenerators.Amounts.Select(a => (Amount?)a))),
            PolicyGenerators.Decisions.Where(d => !d.IsEmpty).Array[200, 200],
            (compensation, escalation, empowerment, cap, rules) => (compensation, escalation, empowerment, cap, rules));
        var tally = new Tally();
        for (var seed = 1U; seed <= 3; seed++)
        {
            var (compensation, escalation, empowerment, cap, rules) = large.Generate(new PCG(seed, 7), null, out _);
            var conditions = PolicyGenerators.Atom.Array[200, 200].Generate(new PCG(seed, 8), null, out _);
            var policy = new GeneratedPolicy(compensation, escalation, empowerment, cap,
                [.. rules.Select((then, i) => new GeneratedRule($"rule-{i:D3}", null, false, [conditions[i]], then))], null);
            var compiled = PolicyYaml.Compile(policy.ToYaml(), "large.policy.yaml").GetPolicyOrThrow();
            foreach (var json in Cases.Array[200, 200].Generate(new PCG(seed, 9), null, out _))
            {
                tally.Add(Compare(compiled, json));
            }
        }

        tally.Written.Should().BePositive();
    }

    [Theory]
    [InlineData("\"c-1\"", "Written")]
    [InlineData("\"\"", "Written")]
    [InlineData("7", "Written")]
    [InlineData("12.50", "Written")]
    [InlineData("-0", "Written")]
    [InlineData("\"a b <c> & 'd' +~`{}\"", "Written")]
    [InlineData("\"c-é\"", "Decided")]
    [InlineData("\"日本\"", "Decided")]
    [InlineData("\"\u007f\"", "Decided")]
    [InlineData("\"tab\tinside\"", "NotPlain")]
    [InlineData("\"c-\\\"1\"", "NotPlain")]
    [InlineData("\"\\u0041\"", "NotPlain")]
    [InlineData("null", "NotPlain")]
    public void A_case_id_is_copied_when_plain_and_otherwise_left_to_the_json_writer(string id, string expected)
    {
        var policy = Retail();
        var json = $$"""{"id": {{id}}, "severity": "critical", "channel": "phone", "delay": "3h", "customer": {"tier": "gold", "value": 12000}, "orderValue": 80, "failureType": "technical", "proactive": false}""";

        Compare(policy, json).ToString().Should().Be(expected);
    }

    [Fact]
    public void A_long_case_id_is_left_to_the_json_writer()
    {
        var policy = Retail();
        var json = $$"""{"id": "{{new string('x', 257)}}", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 10, "failureType": "information", "proactive": true}""";

        Compare(policy, json).Should().Be(PlainLine.Decided);
        Compare(policy, json.Replace(new string('x', 257), new string('x', 256), StringComparison.Ordinal)).Should().Be(PlainLine.Written);
    }

    [Fact]
    public void A_case_without_an_id_is_written_with_a_null_case()
    {
        var policy = Retail();
        var json = """{"severity": "minor", "channel": "app", "delay": "1h", "orderValue": 10, "failureType": "information", "proactive": true}""";

        Compare(policy, json).Should().Be(PlainLine.Written);
    }

    [Fact]
    public void A_written_line_copies_the_case_id_from_the_case_line_and_makes_no_string()
    {
        // Non-vacuity for the id as bytes (docs/design.md §25): the generated 200-rule cases are written with their ids
        // (c-0, c-1, ...) and nothing is allocated on the thread for them once the thread's slots and frame are made.
        var yaml = File.ReadAllText(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "generated-200.policy.yaml"));
        var cases = File.ReadAllLines(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "generated-200-cases.jsonl"))
            .Select(Encoding.UTF8.GetBytes).ToArray();
        var policy = PolicyYaml.Compile(yaml, "generated-200.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Interpreted }).GetPolicyOrThrow();
        var output = new ArrayBufferWriter<byte>(1 << 24);
        foreach (var json in cases)
        {
            policy.TryWritePlainUtf8Line(json, Now, output, out _, out _, out _).Should().Be(PlainLine.Written);
        }

        // The least of three passes: a string per case id allocates in every pass (at least 26 bytes per line), while a one-off
        // allocation of the runtime's on this thread (seen once in about twenty full runs, a single array of 1.5 or 3 KB) lands
        // in one pass only.
        var outcomes = new PlainLine[cases.Length];
        var ids = new string?[cases.Length];
        var allocated = long.MaxValue;
        for (var pass = 0; pass < 3 && allocated != 0; pass++)
        {
            output.ResetWrittenCount();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < cases.Length; i++)
            {
                outcomes[i] = policy.TryWritePlainUtf8Line(cases[i], Now, output, out ids[i], out _, out _);
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        outcomes.Should().OnlyContain(outcome => outcome == PlainLine.Written);
        ids.Should().OnlyContain(id => id == null, "the ids were copied as bytes, not made strings");
        allocated.Should().Be(0, $"{cases.Length} lines were written without a string per case id");
        Encoding.UTF8.GetString(output.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line[..(line.IndexOf(',', StringComparison.Ordinal))])
            .Should().Equal(cases.Select(json => "{\"case\":\"" + System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString() + "\""));
    }

    [Fact]
    public void Plain_cases_one_after_another_on_one_thread_are_all_read_on_the_plain_path()
    {
        var policy = Retail();
        var json = Encoding.UTF8.GetBytes("""{"id": "p", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 10, "failureType": "information", "proactive": true}""");
        var output = new ArrayBufferWriter<byte>();

        for (var i = 0; i < 3; i++)
        {
            policy.TryEvaluatePlainUtf8(json, new EvaluationOptions { Now = Now }, out var read, out _, out _, out _).Should().BeTrue();
            read.Should().BeTrue($"case {i} is plain");
            policy.TryWritePlainUtf8Line(json, Now, output, out _, out _, out _).Should().Be(PlainLine.Written, $"case {i} is plain");
        }
    }

    [Fact]
    public void A_decimal_is_formatted_as_the_json_writer_formats_it()
    {
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt[0, 3], Gen.Int[0, 28], Gen.Bool, Gen.Int[0, 2])
            .Select((lo, mid, hi, scale, negative, size) => new decimal((int)lo, size > 0 ? (int)mid : 0, size > 1 ? (int)hi : 0, negative, (byte)scale))
            .Sample(
                value =>
                {
                    var expected = new byte[64];
                    Utf8Formatter.TryFormat(value, expected, out var length).Should().BeTrue();
                    var actual = new byte[32];
                    var written = DecimalText.Format(value, actual);
                    Encoding.ASCII.GetString(actual, 0, written).Should().Be(Encoding.ASCII.GetString(expected, 0, length));
                },
                iter: 20000);

        // The digit count of the fast path (docs/design.md §25) at its edges: 10^k - 1, 10^k and 10^k + 1 for every k that fits in
        // 64 bits, the largest 64-bit mantissa, at every scale (fewer digits than the scale, as many, more).
        var edges = new List<decimal> { 0m, 0.00m, -0.0m, 0.05m, 12.50m, 1m, 100m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 18446744073709551615m, 1844674407370955161.5m };
        for (var k = 0; k <= 19; k++)
        {
            var power = 1UL;
            for (var p = 0; p < k; p++)
            {
                power *= 10;
            }

            foreach (var mantissa in new[] { power - 1, power, power + 1, ulong.MaxValue, (ulong)k })
            {
                for (byte scale = 0; scale <= 28; scale++)
                {
                    edges.Add(new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, false, scale));
                }
            }
        }

        foreach (var value in edges)
        {
            var expected = new byte[64];
            Utf8Formatter.TryFormat(value, expected, out var length);
            var actual = new byte[32];
            Encoding.ASCII.GetString(actual, 0, DecimalText.Format(value, actual)).Should().Be(Encoding.ASCII.GetString(expected, 0, length), value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Generated cases; one in eight with an order value so large that the sum of two amounts overflows.</summary>
    private static readonly Gen<string> Cases = Gen.Select(
        PolicyGenerators.Cases,
        Gen.Frequency((7, Gen.Const(0m)), (1, Gen.Const(50000000000000000000000000000m))),
        Gen.Int[0, 4],
        (c, big, id) => WithId((c with { OrderValue = c.OrderValue + big }).ToJson(), id));

    /// <summary>The case with one of several ids: plain, a number, one to escape when written, one read as escaped, none.</summary>
    private static string WithId(string json, int which) => json.Replace("\"id\": \"g\", ", which switch
    {
        0 => "\"id\": \"g\", ",
        1 => "\"id\": 42, ",
        2 => "\"id\": \"g-\u00e9\", ",
        3 => "\"id\": \"a\\\"b\", ",
        _ => string.Empty,
    }, StringComparison.Ordinal);

    private static RecoveryPolicy Retail() =>
        PolicyYaml.Compile(File.ReadAllText(RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml")), "retail.policy.yaml").GetPolicyOrThrow();

    /// <summary>
    /// The direct line against the object path for one case: what the direct path did, after checking that a written line
    /// is the decision's JSON and a newline, a decision is the same decision, and an error is the same error with nothing written.
    /// </summary>
    private static PlainLine Compare(RecoveryPolicy policy, string json, DateTimeOffset? at = null)
    {
        var now = at ?? Now;
        var bytes = Encoding.UTF8.GetBytes(json);
        string? expectedLine = null;
        CaseError? expectedError;
        if (policy.TryReadCase(bytes, out var recoveryCase, out expectedError))
        {
            expectedLine = policy.TryEvaluate(recoveryCase, out var decision, out expectedError, new EvaluationOptions { Now = now }) ? decision!.ToJson() + "\n" : null;
        }

        var output = new ArrayBufferWriter<byte>(16);
        output.Write("previous line\n"u8);
        var outcome = policy.TryWritePlainUtf8Line(bytes, now, output, out var caseId, out var actualDecision, out var actualError);
        var written = Encoding.UTF8.GetString(output.WrittenSpan["previous line\n"u8.Length..]);
        switch (outcome)
        {
            case PlainLine.Written:
                written.Should().Be(expectedLine, $"case {json}");

                // The id copied from the line's bytes makes no string (docs/design.md §25); one read by the reader pass is one.
                if (caseId is not null)
                {
                    caseId.Should().Be(recoveryCase!.Id);
                }

                break;
            case PlainLine.Decided:
                written.Should().BeEmpty();
                (actualDecision!.ToJson() + "\n").Should().Be(expectedLine, $"case {json}");
                break;
            case PlainLine.Failed:
                written.Should().BeEmpty();
                expectedLine.Should().BeNull($"case {json} fails on the direct path");
                actualError.Should().Be(expectedError, $"case {json}");
                break;
            default:
                written.Should().BeEmpty();
                break;
        }

        return outcome;
    }

    private sealed class Tally
    {
        private int _written;
        private int _failed;

        public int Written => _written;

        public int Failed => _failed;

        public void Add(PlainLine outcome)
        {
            if (outcome == PlainLine.Written)
            {
                Interlocked.Increment(ref _written);
            }
            else if (outcome == PlainLine.Failed)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}

using System.Linq.Expressions;
using System.Text;
using RecoveryRules.Emit;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// Issue 6 §4: each define is emitted once per program, so compile time and memory are linear in
/// the policy's text however defines build on each other; and a define is still computed at most
/// once per evaluation, only when reached.
/// </summary>
public sealed class DefineEmissionTests
{
    private const string Case = """{"id": "c", "severity": "major", "channel": "email", "delay": "5h", "orderValue": 120, "vip": false, "zero": 0}""";

    /// <summary><c>d1: orderValue + orderValue</c>, <c>d2: d1 + d1</c>, …: inlined, each level doubled the code.</summary>
    public static string DoublingChain(int defines)
    {
        var yaml = new StringBuilder("""
            policy: doubling
            version: "1"
            facts:
              orderValue: { type: money }
              vip: { type: bool }
              zero: { type: number }
            define:
              d1: orderValue + orderValue

            """);
        for (var i = 2; i <= defines; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  d{i}: d{i - 1} + d{i - 1}\n");
        }

        yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
            rules:
              - id: r
                when: d{defines} > 0
                then:
                  compensate:
                    - refund: d{defines} / d{defines - 1}
            """);
        return yaml.ToString();
    }

    private static int EmittedNodes(RecoveryPolicy policy)
    {
        var counter = new NodeCounter();
        foreach (var explain in new[] { false, true })
        {
            foreach (var lambda in PolicyProgram.Emit(policy.Bound, explain).Lambdas)
            {
                counter.Visit(lambda);
            }
        }

        return counter.Count;
    }

    [Fact]
    public void A_chain_of_forty_doubling_defines_emits_a_program_linear_in_the_policy_text()
    {
        var forty = DoublingChain(40);
        var eighty = DoublingChain(80);
        var fortyNodes = EmittedNodes(Policies.Compile(forty));
        var eightyNodes = EmittedNodes(Policies.Compile(eighty));

        // Both programs (plain and explaining) together: a few nodes per character of policy text.
        fortyNodes.Should().BeLessThan(10 * forty.Length, "the program is linear in the policy's text");
        eightyNodes.Should().BeLessThan(10 * eighty.Length);
        eightyNodes.Should().BeLessThan(fortyNodes * 5 / 2, "twice the defines make about twice the code, not 2^40 times");
    }

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Interpreted)]
    [InlineData(RuleExecution.Tiered)]
    public void A_chain_of_forty_doubling_defines_compiles_and_decides_in_every_execution_mode(RuleExecution execution)
    {
        var policy = PolicyYaml.Compile(DoublingChain(40), "p.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution }).GetPolicyOrThrow();
        policy.Decide(Case).Compensation.Total.Should().Be(2m);
        policy.Decide(Case, EvaluationOptions.WithExplanation).Compensation.Total.Should().Be(2m);
    }

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Interpreted)]
    public void A_define_behind_a_false_condition_is_never_computed(RuleExecution execution)
    {
        var yaml = """
            policy: p
            version: "1"
            facts:
              orderValue: { type: money }
              vip: { type: bool }
              zero: { type: number }
            define:
              ratio: orderValue / zero
              large: ratio > 1
            rules:
              - id: guarded
                when: vip and large
                then:
                  escalate: supervisor
              - id: either
                when: orderValue > 100 or large
                then:
                  compensate:
                    - refund: 5
            """;
        var policy = PolicyYaml.Compile(yaml, "p.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution }).GetPolicyOrThrow();
        foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
        {
            policy.Decide(Case, options).Compensation.Total.Should().Be(5m, "neither rule reaches 'large', so nothing divides by zero");
            var reached = policy.EvaluateJson(Case.Replace("\"vip\": false", "\"vip\": true", StringComparison.Ordinal), options);
            reached.Error!.Id.Should().Be("RR0420", "once 'vip' holds, 'large' is computed and divides by zero");
        }
    }

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Interpreted)]
    public void A_define_shared_by_rules_and_other_defines_decides_as_if_inlined(RuleExecution execution)
    {
        var yaml = """
            policy: p
            version: "1"
            facts:
              orderValue: { type: money }
              vip: { type: bool }
              zero: { type: number }
            define:
              base: orderValue / 2
              twice: base + base
              late: delay > 4h
              label: severity
            rules:
              - id: a
                when: late and label == major
                then:
                  compensate:
                    - refund: twice + base
              - id: b
                when: late
                then:
                  compensate:
                    - voucher: base
            """;
        var policy = PolicyYaml.Compile(yaml, "p.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution }).GetPolicyOrThrow();
        var decision = policy.Decide(Case);
        decision.Compensation.Items.Select(i => i.Amount).Should().Equal(180m, 60m);
        policy.Decide(Case.Replace("\"5h\"", "\"1h\"", StringComparison.Ordinal)).Compensation.Items.Should().BeEmpty();
    }

    [Fact]
    public void A_thousand_defines_each_using_the_next_are_one_diagnostic_not_a_crash()
    {
        // Written outermost first, so binding in file order would recurse a thousand defines deep.
        var yaml = new StringBuilder("policy: p\nversion: \"1\"\nfacts:\n  orderValue: { type: money }\ndefine:\n");
        for (var i = 0; i < 1_000; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  d{i}: d{i + 1} + 1\n");
        }

        yaml.Append("  d1000: orderValue\nrules:\n  - id: r\n    then:\n      compensate:\n        - refund: d0\n");
        var result = PolicyYaml.Compile(yaml.ToString());
        result.Diagnostics.Select(d => (d.Id, d.Location.Span.Start.Line)).Should().Equal([("RR0217", 905)], "d900 is the first define more than 100 levels deep, at its use of d901");
    }

    [Fact]
    public void A_cycle_through_a_thousand_defines_is_one_diagnostic_not_a_crash()
    {
        var yaml = new StringBuilder("policy: p\nversion: \"1\"\ndefine:\n");
        for (var i = 0; i < 1_000; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  d{i}: d{(i + 1) % 1_000} + 1\n");
        }

        yaml.Append("rules:\n  - id: r\n    then:\n      compensate:\n        - refund: d0\n");
        var result = PolicyYaml.Compile(yaml.ToString());
        result.Diagnostics.Select(d => d.Id).Should().Equal("RR0210");
        result.Diagnostics[0].Location.Span.Start.Line.Should().Be(1_002, "the cycle closes at d999's use of d0");
    }

    [Fact]
    public void A_chain_of_a_hundred_defines_compiles_on_a_thread_with_a_small_stack_and_decides()
    {
        var yaml = new StringBuilder("policy: p\nversion: \"1\"\nfacts:\n  orderValue: { type: money }\n  vip: { type: bool }\n  zero: { type: number }\ndefine:\n  d1: orderValue\n");
        for (var i = 2; i <= 100; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  d{i}: d{i - 1} + 1\n");
        }

        yaml.Append("rules:\n  - id: r\n    then:\n      compensate:\n        - refund: d100\n");
        foreach (var execution in new[] { RuleExecution.Compiled, RuleExecution.Interpreted })
        {
            CaseResult? result = null;
            var thread = new Thread(
                () => result = PolicyYaml.Compile(yaml.ToString(), "p.yaml", null, new RecoveryPolicyOptions { Execution = execution }).GetPolicyOrThrow().EvaluateJson(Case),
                maxStackSize: 256 * 1024);
            thread.Start();
            thread.Join();
            result!.Decision!.Compensation.Total.Should().Be(219m);
        }
    }

    private sealed class NodeCounter : ExpressionVisitor
    {
        public int Count { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (node is not null)
            {
                Count++;
            }

            return base.Visit(node);
        }
    }
}

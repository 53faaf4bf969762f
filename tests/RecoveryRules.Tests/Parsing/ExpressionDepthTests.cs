using System.Text;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Parsing;

/// <summary>
/// Issue 6 §3: no expression, however long or deep, crashes the compiler. Every tree the parser
/// builds is at most <see cref="ExpressionParser.MaxDepth"/> levels deep, chains included, and what
/// it admits binds, hashes, emits and runs in every execution mode.
/// </summary>
public sealed class ExpressionDepthTests
{
    private const string Header = """
        policy: p
        version: "1"
        facts:
          orderValue: { type: money }
          vip: { type: bool, default: false }

        """;

    private const string Case = """{"id": "c", "severity": "major", "channel": "email", "delay": "5h", "orderValue": 120, "vip": true}""";

    /// <summary><paramref name="terms"/> operands joined by <paramref name="op"/>, with the operator that goes past the limit marked RR0106.</summary>
    private static string Chain(string operand, string op, int terms, bool mark, int operandLevels = 0)
    {
        var builder = new StringBuilder(operand);
        for (var i = 1; i < terms; i++)
        {
            builder.Append(' ');
            builder.Append(mark && i == ExpressionParser.MaxDepth + 1 - operandLevels ? $"{{|RR0106:{op}|}}" : op);
            builder.Append(' ').Append(operand);
        }

        return builder.ToString();
    }

    private static string Refund(string amount) => Header + $"""
        combine:
          cap: 1000000
        rules:
          - id: r
            then:
              compensate:
                - refund: {amount}
        """;

    private static string When(string condition) => Header + $"""
        rules:
          - id: r
            when: {condition}
            then:
              escalate: supervisor
        """;

    [Fact]
    public void A_ten_thousand_term_sum_is_reported_as_too_deep_not_a_crash()
    {
        var diagnostic = PolicyAssert.SingleDiagnostic(Refund(Chain("orderValue", "+", 10_000, mark: true)));
        diagnostic.Message.Should().Be("The expression nests more than 100 levels of parentheses, lists, calls or operators; split it with 'define'");
    }

    [Fact]
    public void A_twenty_thousand_term_and_chain_is_reported_as_too_deep_not_a_crash() =>
        PolicyAssert.SingleDiagnostic(When(Chain("vip", "and", 20_000, mark: true)));

    [Theory]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData("/")]
    public void Every_arithmetic_chain_counts_each_operator_as_a_level(string op) =>
        PolicyAssert.SingleDiagnostic(Refund(Chain("orderValue", op, 5_000, mark: true)));

    [Fact]
    public void A_long_or_chain_of_comparisons_is_reported_at_the_operator_past_the_limit() =>
        PolicyAssert.SingleDiagnostic(When(Chain("orderValue > 1", "or", 3_000, mark: true, operandLevels: 1))); // each comparison is a level

    [Fact]
    public void A_chain_at_the_limit_compiles_and_one_more_operator_is_too_deep()
    {
        PolicyAssert.Clean(Refund(Chain("orderValue", "+", ExpressionParser.MaxDepth + 1, mark: false)));
        PolicyAssert.SingleDiagnostic(Refund(Chain("orderValue", "+", ExpressionParser.MaxDepth + 2, mark: true)));
    }

    [Fact]
    public void Levels_of_parentheses_and_of_operators_add_up()
    {
        // 50 parentheses around a 52-term sum: 50 + 51 levels.
        var sum = Chain("orderValue", "+", 52, mark: false);
        var tooDeep = new string('(', 50) + sum + new string(')', 50);
        var diagnostics = PolicyYaml.Compile(Refund(tooDeep)).Diagnostics;
        diagnostics.Select(d => d.Id).Should().Equal("RR0106");
        PolicyAssert.Clean(Refund(new string('(', 49) + sum + new string(')', 49)));
    }

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Interpreted)]
    [InlineData(RuleExecution.Tiered)]
    public void An_expression_at_the_depth_limit_compiles_and_decides_in_every_execution_mode(RuleExecution execution)
    {
        // 100 levels: a right-leaning nest of parentheses and unary minus around sums, in a condition and an amount.
        var amount = new StringBuilder();
        for (var i = 0; i < ExpressionParser.MaxDepth / 2; i++)
        {
            amount.Append("1 + (");
        }

        amount.Append("orderValue").Append(')', ExpressionParser.MaxDepth / 2);
        var condition = new string('(', ExpressionParser.MaxDepth - 1) + "vip" + new string(')', ExpressionParser.MaxDepth - 1);
        var yaml = Header + $"""
            rules:
              - id: r
                when: {condition}
                then:
                  compensate:
                    - refund: {amount}
            """;
        var policy = PolicyYaml.Compile(yaml, "p.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution }).GetPolicyOrThrow();
        var decision = policy.Decide(Case);
        decision.Compensation.Items.Single().Amount.Should().Be(170m);
        policy.Decide(Case, EvaluationOptions.WithExplanation).Compensation.Total.Should().Be(170m);
    }

    [Fact]
    public void Compiling_on_a_thread_with_a_small_stack_gives_diagnostics_never_a_dead_process()
    {
        var policies = new[]
        {
            Refund(Chain("orderValue", "+", 10_000, mark: false)),
            Refund(Chain("orderValue", "+", ExpressionParser.MaxDepth + 1, mark: false)),
            When(new string('(', ExpressionParser.MaxDepth) + "vip" + new string(')', ExpressionParser.MaxDepth)),
            When(new string('(', 5_000) + "vip" + new string(')', 5_000)),
            When(string.Concat(Enumerable.Repeat("not ", ExpressionParser.MaxDepth)) + "vip"),
        };
        foreach (var yaml in policies)
        {
            PolicyCompilationResult? result = null;
            Exception? failure = null;
            var thread = new Thread(
                () =>
                {
                    try
                    {
                        result = PolicyYaml.Compile(yaml);
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                },
                maxStackSize: 256 * 1024);
            thread.Start();
            thread.Join();

            failure.Should().BeNull();
            result!.Diagnostics.Where(d => d.Id != "RR0106").Should().BeEmpty("a deep expression is either compiled or reported as too deep");
            (result.Success || result.Diagnostics.Length > 0).Should().BeTrue();
        }
    }

    [Fact]
    public void Thousands_of_unknown_names_are_reported_with_suggestions_on_every_diagnostic_shown()
    {
        // Each suggestion compares the name with every fact: for thousands of unknown names among
        // thousands of facts that was quadratic. Only the diagnostics a file can show get one.
        var facts = string.Concat(Enumerable.Range(0, 300).Select(i => $"  fact{i}x: {{ type: number }}\n"));
        var names = string.Join(", ", Enumerable.Range(0, 1_000).Select(i => $"fact{i}y"));
        var yaml = $"policy: p\nversion: \"1\"\nfacts:\n{facts}rules:\n  - id: r\n    then:\n      compensate:\n        - refund: min({names})\n";
        var diagnostics = PolicyYaml.Compile(yaml).Diagnostics.Where(d => d.Id == "RR0201").ToList();
        diagnostics.Should().HaveCount(RecoveryRules.Diagnostics.DiagnosticBag.Limit);
        diagnostics[0].Message.Should().Be("'fact0y' is not a fact, define or member (did you mean 'fact0x'?)");
        diagnostics.Should().OnlyContain(d => d.Message.Contains("(did you mean 'fact", StringComparison.Ordinal), "every diagnostic shown keeps its suggestion");
    }

    [Fact]
    public void A_case_error_names_a_huge_expression_in_a_bounded_message()
    {
        // 3,000 arguments: naming the division in full would be 50 KB per division site.
        var arguments = string.Join(", ", Enumerable.Repeat("orderValue", 3_000));
        var yaml = Header.Replace("  vip: { type: bool, default: false }\n", "  vip: { type: bool, default: false }\n  zero: { type: number }\n", StringComparison.Ordinal) + $"""
            rules:
              - id: r
                then:
                  compensate:
                    - refund: max({arguments}) / zero
            """;
        var policy = PolicyYaml.Compile(yaml, "p.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock() }).GetPolicyOrThrow();
        var error = policy.EvaluateJson(Case.Replace("}", ", \"zero\": 0}", StringComparison.Ordinal)).Error!;
        error.Id.Should().Be("RR0420");
        error.Message.Should().Contain("'max(orderValue, orderValue").And.Contain("…");
        error.Message.Length.Should().BeLessThan(400);
    }

    [Fact]
    public void Wide_expressions_compile_and_decide_alike_interpreted_and_compiled()
    {
        var members = string.Join(", ", Enumerable.Range(0, 10_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var arguments = string.Join(", ", Enumerable.Range(0, 10_000).Select(i => $"orderValue - {i}"));
        var smaller = string.Join(", ", Enumerable.Range(0, 10_000).Select(i => $"orderValue + {i}"));
        var when = string.Join("\n", Enumerable.Range(0, 1_000).Select(i => $"      - orderValue > {i % 100}"));
        var rules = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"  - {{ id: r{i}, when: orderValue > {i}, then: {{ compensate: [ {{ c{i}: 1 }} ] }} }}"));
        var yaml = Header + $"""
            combine:
              compensation: max
            rules:
              - id: listed
                when: orderValue in [{members}]
                then:
                  compensate:
                    - wide: max({arguments})
                    - narrow: min({smaller})
              - id: many-conditions
                when:
            {when}
                then:
                  escalate: supervisor
            {rules}
            """;
        var policies = new[] { RuleExecution.Compiled, RuleExecution.Interpreted }
            .Select(execution => PolicyYaml.Compile(yaml, "p.yaml", null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock(), Execution = execution }).GetPolicyOrThrow())
            .ToList();
        var compiled = policies[0].Decide(Case).ToJson();
        policies[1].Decide(Case).ToJson().Should().Be(compiled);
        compiled.Should().Contain("\"wide\"").And.Contain("\"supervisor\"");

        // The explaining program (flat, one condition after another) is built on first use; interpreted here, to keep the test quick.
        policies[1].Decide(Case, EvaluationOptions.WithExplanation).Fired.Should().Contain("many-conditions");
    }
}

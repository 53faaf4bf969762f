using System.Globalization;
using CsCheck;
using FluentAssertions.Execution;
using Xunit.Sdk;
using static RecoveryRules.Testing.FluentAssertions.Tests.Retail;

namespace RecoveryRules.Testing.FluentAssertions.Tests.Fuzzing;

/// <summary>
/// Random retail decisions, with and without an explanation, carrying hostile text (notes full of
/// braces and FluentAssertions placeholders), asserted on with random expectations (docs/fuzzing.md):
/// every assertion passes or fails with a message of its own, never with another exception, and the
/// text of the decision is printed as it is. <c>RECOVERYRULES_FUZZ_ITERATIONS</c> sets the number of inputs.
/// </summary>
public sealed class DecisionAssertionsFuzzTests
{
    private static readonly string[] Hostile =
    [
        "{reason}", "{{reason}}", "{context:decision}", " {context:decision}", "{0}", "{1:N2}", "{", "}", "}{", "{{", "}}",
        "**WARNING**", "because", "\n", "\"", "\\", "\ud800", "critical-high-value", "duty-manager", "frontline", "refund", "USD", string.Empty,
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        OneOf(Hostile),
        Gen.Select(OneOf(Hostile), OneOf(Hostile), Gen.String[0, 12], (a, b, c) => a + c + b));

    private static readonly Gen<string> Cases = Gen.Select(
        OneOf("minor", "moderate", "major", "critical"),
        OneOf("standard", "gold", "platinum"),
        Gen.Int[0, 72],
        Gen.Int[0, 500],
        Gen.Bool,
        (severity, tier, hours, order, proactive) => string.Create(CultureInfo.InvariantCulture,
            $$"""{"severity": "{{severity}}", "channel": "phone", "delay": "{{hours}}h", "customer": {"tier": "{{tier}}"}, "orderValue": {{order}}, "failureType": "technical", "proactive": {{(proactive ? "true" : "false")}}}"""));

    private static readonly Gen<Decision> Decisions = Gen.Select(Cases, Gen.Bool, Text.Array[0, 3], (json, explain, notes) =>
        Decide(json, explain) with { Notes = [.. notes] });

    private static readonly Gen<Action<Decision>> Assertions = Gen.OneOf(
        Gen.Select(Gen.Decimal[0m, 600m], Text, (total, because) => (Action<Decision>)(d => d.Should().Compensate(decimal.Round(total, 2), because, because))),
        Gen.Select(Text, Text, (currency, because) => (Action<Decision>)(d => d.Should().Compensate(d.Compensation.Total).In(currency, because))),
        Gen.Const<Action<Decision>>(d => d.Should().Compensate(d.Compensation.Total).Capped()),
        Gen.Select(Text, because => (Action<Decision>)(d => d.Should().NotCompensate(because))),
        Gen.Select(Text, Gen.Int[0, 100], Text, (target, hours, because) => (Action<Decision>)(d => d.Should().EscalateTo(target, because).Within(TimeSpan.FromHours(hours), because))),
        Gen.Select(Text, because => (Action<Decision>)(d => d.Should().NotEscalate(because, 1, "{0}"))),
        Gen.Select(Text, Gen.Decimal[0m, 300m], Text.Array[0, 3], (role, limit, actions) => (Action<Decision>)(d => d.Should().Empower(role).WithLimit(limit).Allowing(actions))),
        Gen.Select(Text, because => (Action<Decision>)(d => d.Should().NotEmpower(because))),
        Gen.Select(Text.Array[0, 3], rules => (Action<Decision>)(d => d.Should().Fire(rules))),
        Gen.Select(Text.Array[0, 3], rules => (Action<Decision>)(d => d.Should().FireExactly(rules))),
        Gen.Select(Text, Text, (rule, because) => (Action<Decision>)(d => d.Should().NotFire(rule, because))));

    [Fact]
    public void Any_assertion_on_any_decision_passes_or_fails_with_its_own_message()
    {
        Gen.Select(Decisions, Assertions.Array[1, 4], Gen.Bool).Sample(
            (decision, assertions, inScope) =>
            {
                string? message = null;
                try
                {
                    if (inScope)
                    {
                        using var scope = new AssertionScope();
                        Array.ForEach(assertions, assert => assert(decision));
                    }
                    else
                    {
                        Array.ForEach(assertions, assert => assert(decision));
                    }
                }
                catch (XunitException failure)
                {
                    message = failure.Message;
                }

                if (message is null)
                {
                    return;
                }

                // Plain asserts: FluentAssertions' own assertions are what is under test here.
                Assert.StartsWith("Expected ", message, StringComparison.Ordinal);
                Assert.DoesNotContain("could not be formatted", message, StringComparison.Ordinal);  // FluentAssertions' own formatting failed
                if (message.Contains("\nDecision\n", StringComparison.Ordinal))
                {
                    Assert.All(decision.Notes, note => Assert.Contains(note, message, StringComparison.Ordinal));
                }
            },
            iter: Iterations(400));
    }

    [Fact]
    public void Placeholders_of_FluentAssertions_in_a_decision_are_printed_as_they_are()
    {
        var decision = Decide(VipOutage) with { Notes = ["{reason}", "{context:decision} and {0} and {{x}}"] };

        var message = Assert.Throws<XunitException>(() => decision.Should().NotEscalate("{0} said so", "the auditor")).Message;

        Assert.StartsWith("Expected decision not to escalate because the auditor said so, but it escalates to duty-manager within 1h (decided by critical-high-value).\n", message, StringComparison.Ordinal);
        Assert.Contains("  Notes         {reason}\n                {context:decision} and {0} and {{x}}\n", message, StringComparison.Ordinal);
    }

    private static Gen<T> OneOf<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static int Iterations(int ci) =>
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ci;
}

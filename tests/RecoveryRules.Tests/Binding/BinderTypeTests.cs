using System.Collections.Immutable;
using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Tests.Binding;

/// <summary>The binder gives every expression its type (docs/policy-language.md §5, Type rules, and §15, Choices where the contract is silent); values are the evaluation tests' concern.</summary>
public sealed class BinderTypeTests
{
    private static readonly Vocabulary Severity = new("severity", VocabularyKind.Scale, ["minor", "moderate", "major", "critical"]);
    private static readonly Vocabulary Tier = new("tier", VocabularyKind.Scale, ["standard", "silver", "gold", "platinum"]);
    private static readonly Vocabulary Channel = new("channel", VocabularyKind.Channel, ["phone", "email", "chat", "social", "store", "app"]);
    private static readonly Vocabulary FailureType = new("failureType", VocabularyKind.OneOf, ["information", "operation", "technical"]);

    private static (BoundExpression Bound, ImmutableArray<Diagnostic> Diagnostics) Bind(string text, params (string Name, string Body)[] defines)
    {
        var usd = PolicyType.Money("USD");
        var facts = new[]
        {
            new FactSymbol("severity", Severity.Type, isBuiltIn: true, SourceLocation.None),
            new FactSymbol("channel", Channel.Type, isBuiltIn: true, SourceLocation.None),
            new FactSymbol("delay", PolicyType.Duration, isBuiltIn: true, SourceLocation.None),
            new FactSymbol("customer.tier", Tier.Type, isBuiltIn: true, SourceLocation.None),
            new FactSymbol("customer.value", usd, isBuiltIn: true, SourceLocation.None),
            new FactSymbol("orderValue", usd, isBuiltIn: false, SourceLocation.None),
            new FactSymbol("shippingCost", usd, isBuiltIn: false, SourceLocation.None),
            new FactSymbol("repeatFailures", PolicyType.Number, isBuiltIn: false, SourceLocation.None),
            new FactSymbol("proactive", PolicyType.Bool, isBuiltIn: false, SourceLocation.None),
            new FactSymbol("carrier", PolicyType.Text, isBuiltIn: false, SourceLocation.None),
            new FactSymbol("failureType", FailureType.Type, isBuiltIn: false, SourceLocation.None),
        }.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var defineSymbols = defines.ToDictionary(d => d.Name, d => new DefineBinding(d.Name, ScalarSyntax.Detached(d.Body), 0, SourceLocation.None), StringComparer.Ordinal);
        var diagnostics = new DiagnosticBag();
        var scope = new BinderScope(facts, defineSymbols, [Severity, Tier, Channel, FailureType], "USD", diagnostics);
        var map = SourceMap.Detached("", text.Length);
        var syntax = ExpressionParser.Parse(text, map, diagnostics);
        var bound = new Binder(scope, map, "test").BindExpression(syntax);
        return (bound, diagnostics.ToSortedArray());
    }

    private static string TypeOf(string text, params (string Name, string Body)[] defines)
    {
        var (bound, diagnostics) = Bind(text, defines);
        diagnostics.Should().BeEmpty($"'{text}' is well typed");
        bound.HasErrors.Should().BeFalse();
        return bound.Type.ToString();
    }

    [Theory]
    [InlineData("orderValue + 5", "money (USD)")]
    [InlineData("5 + orderValue", "money (USD)")]
    [InlineData("orderValue - shippingCost", "money (USD)")]
    [InlineData("orderValue + repeatFailures", "money (USD)")]
    [InlineData("orderValue * 2", "money (USD)")]
    [InlineData("2 * orderValue", "money (USD)")]
    [InlineData("orderValue * repeatFailures", "money (USD)")]
    [InlineData("orderValue / 2", "money (USD)")]
    [InlineData("-orderValue", "money (USD)")]
    [InlineData("(orderValue)", "money (USD)")]
    [InlineData("customer.value", "money (USD)")]
    [InlineData("50 USD + 5", "money (USD)")]
    [InlineData("50 EUR", "money (EUR)")]
    [InlineData("50 EUR + 10 EUR", "money (EUR)")]
    public void Money_with_numbers_stays_money_in_its_currency(string text, string type)
    {
        TypeOf(text).Should().Be(type);
    }

    [Theory]
    [InlineData("orderValue / shippingCost")]
    [InlineData("orderValue / 10 USD")]
    [InlineData("delay / 1h")]
    [InlineData("delay / delay")]
    [InlineData("delay.hours")]
    [InlineData("delay.minutes")]
    [InlineData("delay.days")]
    [InlineData("delay.hours * 2 + 1")]
    [InlineData("repeatFailures / 3")]
    [InlineData("10 + 5 * 2")]
    public void Ratios_and_duration_parts_are_numbers(string text)
    {
        TypeOf(text).Should().Be("a number");
    }

    [Theory]
    [InlineData("delay + 30m")]
    [InlineData("delay - 1h")]
    [InlineData("delay * 2")]
    [InlineData("2 * delay")]
    [InlineData("delay / 2")]
    [InlineData("-delay")]
    [InlineData("PT2H")]
    [InlineData("min(delay, 2h)")]
    [InlineData("abs(delay)")]
    public void Durations_with_durations_and_numbers_stay_durations(string text)
    {
        TypeOf(text).Should().Be("a duration");
    }

    [Theory]
    [InlineData("10% of orderValue", "money (USD)")]
    [InlineData("10% of 200", "a number")]
    [InlineData("10% of orderValue + 5", "money (USD)")]
    [InlineData("-10% of orderValue", "money (USD)")]
    [InlineData("10%", "a percent")]
    public void Percent_of_takes_the_type_of_what_it_is_a_percent_of(string text, string type)
    {
        TypeOf(text).Should().Be(type);
    }

    [Theory]
    [InlineData("min(orderValue, 30)", "money (USD)")]
    [InlineData("min(30, orderValue)", "money (USD)")]
    [InlineData("max(1, 2, 3)", "a number")]
    [InlineData("max(orderValue)", "money (USD)")]
    [InlineData("clamp(orderValue, 0, 100)", "money (USD)")]
    [InlineData("clamp(10% of orderValue, 5, shippingCost)", "money (USD)")]
    [InlineData("round(orderValue / 3)", "money (USD)")]
    [InlineData("round(delay.hours)", "a number")]
    [InlineData("abs(orderValue - shippingCost)", "money (USD)")]
    public void Functions_unify_their_arguments(string text, string type)
    {
        TypeOf(text).Should().Be(type);
    }

    [Theory]
    [InlineData("orderValue > 50")]
    [InlineData("orderValue >= 50 USD")]
    [InlineData("delay > 24h")]
    [InlineData("severity == critical")]
    [InlineData("critical == severity")]
    [InlineData("customer.tier >= gold")]
    [InlineData("customer.tier in [gold, platinum]")]
    [InlineData("channel not in [email, 'chat']")]
    [InlineData("failureType == technical")]
    [InlineData("carrier == 'ParcelCo'")]
    [InlineData("not proactive")]
    [InlineData("proactive and severity >= major or delay > 1d")]
    [InlineData("proactive == true")]
    [InlineData("orderValue / shippingCost > 2")]
    [InlineData("delay.hours >= 1.5")]
    public void Comparisons_and_logic_are_booleans(string text)
    {
        TypeOf(text).Should().Be("a boolean");
    }

    [Fact]
    public void A_member_resolves_in_the_vocabulary_it_is_compared_with()
    {
        var (bound, _) = Bind("severity == critical");
        var comparison = bound.Should().BeOfType<BoundBinary>().Subject;
        comparison.Right.Should().BeOfType<BoundLiteral>().Which.Value.Should().Be(3, "critical is the fourth member of severity");
        comparison.Right.Type.Should().Be(Severity.Type);
    }

    [Fact]
    public void A_fact_wins_over_a_member_of_the_same_name()
    {
        // §9: a name is a fact, then a define, then a member; 'carrier' is a fact here.
        var (bound, _) = Bind("carrier == carrier");
        bound.Should().BeOfType<BoundBinary>().Which.Right.Should().BeOfType<BoundFactReference>();
    }

    [Fact]
    public void A_define_has_the_type_of_its_body()
    {
        TypeOf("late", ("late", "delay > 24h")).Should().Be("a boolean");
        TypeOf("refundable + 5", ("refundable", "orderValue - shippingCost")).Should().Be("money (USD)");
        TypeOf("waited.hours", ("waited", "delay + 1h")).Should().Be("a number");
    }

    [Fact]
    public void A_define_is_bound_once_and_shared_by_every_use()
    {
        var (bound, _) = Bind("late and not late", ("late", "delay > 24h"));
        var and = bound.Should().BeOfType<BoundBinary>().Subject;
        var first = and.Left.Should().BeOfType<BoundDefineReference>().Subject;
        var second = and.Right.Should().BeOfType<BoundUnary>().Which.Operand.Should().BeOfType<BoundDefineReference>().Subject;
        first.Define.Should().BeSameAs(second.Define);
        first.Body.Should().BeSameAs(second.Body);
    }

    [Theory]
    [InlineData("orderValue * shippingCost", "RR0202")]
    [InlineData("orderValue * 10%", "RR0206")]
    [InlineData("orderValue + 5 EUR", "RR0205")]
    [InlineData("orderValue / 5 EUR", "RR0205")]
    [InlineData("delay + 5", "RR0202")]
    [InlineData("delay > 24", "RR0213")]
    [InlineData("channel > email", "RR0204")]
    [InlineData("severity + 1", "RR0202")]
    [InlineData("round(delay)", "RR0203")]
    [InlineData("min(orderValue, delay)", "RR0203")]
    [InlineData("10% of delay", "RR0202")]
    [InlineData("orderValue of 10", "RR0202")]
    [InlineData("orderValue.hours", "RR0209")]
    [InlineData("delay.weeks", "RR0209")]
    [InlineData("-carrier", "RR0202")]
    [InlineData("proactive and orderValue", "RR0203")]
    [InlineData("[gold, platinum]", "RR0212")]
    [InlineData("orderValue / 0", "RR0214")]
    [InlineData("customer.tier == 'email'", "RR0211")]
    [InlineData("customer.tier == carrier", "RR0213")]
    public void Ill_typed_expressions_are_one_error(string text, string id)
    {
        var (bound, diagnostics) = Bind(text);
        bound.HasErrors.Should().BeTrue();
        diagnostics.Select(d => d.Id).Should().Equal([id], $"'{text}' has one mistake");
    }
}

using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Tests.Parsing;

public sealed class ExpressionParserTests
{
    private static (ExpressionSyntax Syntax, ImmutableArray<Diagnostic> Diagnostics) Parse(string text)
    {
        var diagnostics = new DiagnosticBag();
        var syntax = ExpressionParser.Parse(text, SourceMap.Detached("", text.Length), diagnostics, "The condition");
        return (syntax, diagnostics.ToSortedArray());
    }

    /// <summary>The tree of a well-formed expression, fully parenthesized: <c>(or a (and b c))</c>.</summary>
    private static string Tree(string text)
    {
        var (syntax, diagnostics) = Parse(text);
        diagnostics.Should().BeEmpty();
        return Tree(syntax);
    }

    private static string Tree(ExpressionSyntax syntax) => syntax switch
    {
        BinaryExpressionSyntax b => $"({b.Operator.Text} {Tree(b.Left)} {Tree(b.Right)})",
        UnaryExpressionSyntax u => $"({u.Operator.Text} {Tree(u.Operand)})",
        InExpressionSyntax i => $"({(i.IsNegated ? "not in" : "in")} {Tree(i.Left)} {Tree(i.List)})",
        ListExpressionSyntax l => "[" + string.Join(" ", l.Items.Select(Tree)) + "]",
        CallExpressionSyntax c => $"{c.Name.Text}(" + string.Join(" ", c.Arguments.Select(Tree)) + ")",
        ParenthesizedExpressionSyntax p => Tree(p.Expression),
        LiteralExpressionSyntax { LiteralKind: LiteralKind.String } s => $"'{s.Token.Text}'",
        LiteralExpressionSyntax l => l.Token.Text,
        NameExpressionSyntax n => n.Name,
        _ => "<error>",
    };

    /// <summary>The only diagnostic of a malformed expression: id and zero-based column span.</summary>
    private static Diagnostic SingleError(string text, string id, int start, int end)
    {
        var (syntax, diagnostics) = Parse(text);
        var diagnostic = diagnostics.Should().ContainSingle($"one mistake is one diagnostic, in '{text}'").Subject;
        diagnostic.Id.Should().Be(id);
        diagnostic.Location.Span.Should().Be(new LinePositionSpan(new LinePosition(0, start), new LinePosition(0, end)));
        diagnostic.Message.Should().NotMatchRegex(@"\{\d+\}");
        return diagnostic;
    }

    [Theory]
    [InlineData("a or b and c", "(or a (and b c))")]
    [InlineData("a and b or c", "(or (and a b) c)")]
    [InlineData("a or b or c", "(or (or a b) c)")]
    [InlineData("not a and b", "(and (not a) b)")]
    [InlineData("not a == b", "(not (== a b))")]
    [InlineData("not not late", "(not (not late))")]
    [InlineData("a == b and c != d", "(and (== a b) (!= c d))")]
    [InlineData("a + b * c", "(+ a (* b c))")]
    [InlineData("a - b - c", "(- (- a b) c)")]
    [InlineData("a / b * c", "(* (/ a b) c)")]
    [InlineData("-x of y", "(- (of x y))")]
    [InlineData("-a * b", "(* (- a) b)")]
    [InlineData("10% of orderValue + 5", "(+ (of 10% orderValue) 5)")]
    [InlineData("5 + 10% of orderValue", "(+ 5 (of 10% orderValue))")]
    [InlineData("2 * 10% of orderValue", "(* 2 (of 10% orderValue))")]
    [InlineData("orderValue > 10 + 5", "(> orderValue (+ 10 5))")]
    [InlineData("(a or b) and c", "(and (or a b) c)")]
    [InlineData("delay >= 1h30m", "(>= delay 1h30m)")]
    [InlineData("customer.value >= 10000 USD", "(>= customer.value 10000 USD)")]
    public void Operators_bind_by_precedence(string text, string tree)
    {
        Tree(text).Should().Be(tree);
    }

    [Theory]
    [InlineData("customer.tier in [gold, platinum]", "(in customer.tier [gold platinum])")]
    [InlineData("channel not in [email, chat]", "(not in channel [email chat])")]
    [InlineData("channel in []", "(in channel [])")]
    [InlineData("not channel in [email]", "(not (in channel [email]))")]
    [InlineData("tier in [gold] and late", "(and (in tier [gold]) late)")]
    [InlineData("severity in ['major', critical]", "(in severity ['major' critical])")]
    public void In_and_not_in_take_a_list(string text, string tree)
    {
        Tree(text).Should().Be(tree);
    }

    [Theory]
    [InlineData("min(10% of orderValue, 30)", "min((of 10% orderValue) 30)")]
    [InlineData("max(a, b, c)", "max(a b c)")]
    [InlineData("clamp(x, 0, 100)", "clamp(x 0 100)")]
    [InlineData("round(orderValue / 3)", "round((/ orderValue 3))")]
    [InlineData("abs(-x)", "abs((- x))")]
    [InlineData("min()", "min()")]
    [InlineData("min(max(a, b), 5) + 1", "(+ min(max(a b) 5) 1)")]
    public void Calls_take_argument_lists(string text, string tree)
    {
        Tree(text).Should().Be(tree);
    }

    [Fact]
    public void Every_node_spans_its_text()
    {
        var (syntax, _) = Parse("a or b and c");
        var or = syntax.Should().BeOfType<BinaryExpressionSyntax>().Subject;
        or.Span.Should().Be(new TextSpan(0, 12));
        or.Operator.Span.Should().Be(new TextSpan(2, 2));
        or.Right.Span.Should().Be(new TextSpan(5, 7));

        var (call, _) = Parse("min(a, 30)");
        call.Span.Should().Be(new TextSpan(0, 10));
        var (@in, _) = Parse("x not in [a]");
        @in.Span.Should().Be(new TextSpan(0, 12));
    }

    // ---- errors: one mistake, one diagnostic, at the right token ----

    [Fact]
    public void A_missing_operator_is_reported_at_the_second_operand()
    {
        var diagnostic = SingleError("severity == critical delay > 24h", "RR0102", 21, 26);
        diagnostic.Message.Should().Be("Expected an operator such as 'and', 'or' or '==' but found 'delay'");
    }

    [Fact]
    public void A_missing_operand_is_reported_at_the_end()
    {
        SingleError("delay > 24h and", "RR0102", 15, 15).Message.Should().Be("Expected an operand but found the end of the expression");
    }

    [Fact]
    public void An_unclosed_parenthesis_is_reported_at_the_end()
    {
        SingleError("(late or big", "RR0102", 12, 12).Message.Should().Be("Expected ')' but found the end of the expression");
    }

    [Fact]
    public void An_extra_closing_parenthesis_is_reported_at_it()
    {
        SingleError("late or big)", "RR0102", 11, 12).Message.Should().Contain("has no matching '('");
    }

    [Fact]
    public void In_without_a_list_is_reported_at_what_follows()
    {
        SingleError("customer.tier in gold", "RR0102", 17, 21).Message.Should().Contain("a list such as [gold, platinum]");
    }

    [Fact]
    public void A_missing_argument_is_reported_once()
    {
        SingleError("min(10% of orderValue, )", "RR0102", 23, 24);
    }

    [Fact]
    public void An_unclosed_list_is_reported_once()
    {
        SingleError("tier in [gold, platinum", "RR0102", 23, 23).Message.Should().Contain("',' or ']'");
    }

    [Fact]
    public void A_chained_comparison_is_reported_at_the_second_operator()
    {
        SingleError("50 < orderValue <= 200", "RR0105", 16, 18);
    }

    [Fact]
    public void An_error_early_in_the_expression_does_not_cascade_to_the_rest()
    {
        // After the first error the rest is skipped: no second report for ')' or '=='.
        SingleError("(a or ) and b == == c)", "RR0102", 6, 7);
    }

    [Fact]
    public void A_recovered_single_equals_parses_as_a_comparison()
    {
        var (syntax, diagnostics) = Parse("severity = critical");
        diagnostics.Should().ContainSingle().Which.Id.Should().Be("RR0100");
        Tree(syntax).Should().Be("(= severity critical)");
        syntax.Should().BeOfType<BinaryExpressionSyntax>().Which.Operator.Kind.Should().Be(TokenKind.EqualsEquals);
    }

    [Fact]
    public void A_malformed_literal_parses_without_a_second_diagnostic()
    {
        var (syntax, diagnostics) = Parse("delay > 24hours and late");
        diagnostics.Should().ContainSingle().Which.Id.Should().Be("RR0103");
        Tree(syntax).Should().Be("(and (> delay 24hours) late)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_expression_is_reported_over_the_whole_scalar(string text)
    {
        var (syntax, diagnostics) = Parse(text);
        syntax.Should().BeOfType<ErrorExpressionSyntax>();
        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0104");
        diagnostic.Message.Should().Be("The condition is empty; write an expression");
    }

    [Fact]
    public void An_expression_of_only_bad_characters_is_not_also_empty()
    {
        var (_, diagnostics) = Parse(";");
        diagnostics.Select(d => d.Id).Should().Equal("RR0100");
    }

    [Fact]
    public void Nesting_deeper_than_one_hundred_levels_is_reported_once_not_recursed()
    {
        var text = new string('(', 5000) + "late" + new string(')', 5000);
        var (_, diagnostics) = Parse(text);
        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0106");
        diagnostic.Location.Span.Start.Should().Be(new LinePosition(0, 100));
    }

    [Fact]
    public void Deep_negation_and_not_are_bounded_too()
    {
        Parse(string.Concat(Enumerable.Repeat("not ", 5000)) + "late").Diagnostics.Select(d => d.Id).Should().Equal("RR0106");
        Parse(new string('-', 5000) + "x").Diagnostics.Select(d => d.Id).Should().Equal("RR0106");
    }

    [Fact]
    public void One_hundred_levels_are_fine()
    {
        Parse(new string('(', 100) + "late" + new string(')', 100)).Diagnostics.Should().BeEmpty();
    }
}

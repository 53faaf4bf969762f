using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Tests.Parsing;

public sealed class LexerTests
{
    private static (ImmutableArray<Token> Tokens, ImmutableArray<Diagnostic> Diagnostics) Lex(string text)
    {
        var diagnostics = new DiagnosticBag();
        var tokens = Lexer.Tokenize(text, SourceMap.Detached("", text.Length), diagnostics);
        tokens[^1].Kind.Should().Be(TokenKind.EndOfText);
        tokens[^1].Span.Should().Be(new TextSpan(text.Length, 0));
        return (tokens[..^1], diagnostics.ToSortedArray());
    }

    private static ImmutableArray<Token> LexClean(string text)
    {
        var (tokens, diagnostics) = Lex(text);
        diagnostics.Should().BeEmpty();
        return tokens;
    }

    private static Token Single(string text)
    {
        var tokens = LexClean(text);
        tokens.Should().ContainSingle();
        tokens[0].Span.Should().Be(new TextSpan(0, text.Length), "the token covers the whole text");
        return tokens[0];
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("12.5", 12.5)]
    [InlineData("0.05", 0.05)]
    [InlineData(".5", 0.5)]
    public void Numbers_are_exact_decimals(string text, double expected)
    {
        var token = Single(text);
        token.Kind.Should().Be(TokenKind.Number);
        token.Number.Should().Be((decimal)expected);
    }

    [Fact]
    public void A_number_keeps_all_its_decimal_digits()
    {
        Single("0.1").Number.Should().Be(0.1m);
        Single("79228162514264337593543950335").Number.Should().Be(decimal.MaxValue);
    }

    [Theory]
    [InlineData("20%", 20)]
    [InlineData("100%", 100)]
    [InlineData("12.5%", 12.5)]
    public void Percents_are_a_number_and_a_percent_sign(string text, double expected)
    {
        var token = Single(text);
        token.Kind.Should().Be(TokenKind.Percent);
        token.Number.Should().Be((decimal)expected);
    }

    [Theory]
    [InlineData("50 USD", 50, "USD")]
    [InlineData("12.50 EUR", 12.5, "EUR")]
    [InlineData("1000 JPY", 1000, "JPY")]
    public void Money_is_a_number_one_space_and_a_currency_code(string text, double amount, string currency)
    {
        var token = Single(text);
        token.Kind.Should().Be(TokenKind.Money);
        token.Number.Should().Be((decimal)amount);
        token.Currency.Should().Be(currency);
    }

    [Fact]
    public void A_number_before_a_longer_upper_case_name_is_not_money()
    {
        var tokens = LexClean("50 USDX");
        tokens.Select(t => (t.Kind, t.Span)).Should().Equal(
            (TokenKind.Number, new TextSpan(0, 2)),
            (TokenKind.Name, new TextSpan(3, 4)));
    }

    [Fact]
    public void A_number_before_a_dotted_name_is_not_money()
    {
        LexClean("10 USD.rate").Select(t => t.Kind).Should().Equal(TokenKind.Number, TokenKind.Name);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("1d12h", 129600)]
    [InlineData("PT2H", 7200)]
    [InlineData("PT1H30M", 5400)]
    [InlineData("P1D", 86400)]
    [InlineData("P1W", 604800)]
    [InlineData("P1DT12H", 129600)]
    public void Durations_are_decimal_seconds(string text, int seconds)
    {
        var token = Single(text);
        token.Kind.Should().Be(TokenKind.Duration);
        token.Number.Should().Be(seconds);
    }

    [Fact]
    public void Several_durations_each_have_their_span()
    {
        var tokens = LexClean("90s 1h30m PT2H 1.5h");
        tokens.Select(t => (t.Kind, t.Span, t.Number)).Should().Equal(
            (TokenKind.Duration, new TextSpan(0, 3), 90m),
            (TokenKind.Duration, new TextSpan(4, 5), 5400m),
            (TokenKind.Duration, new TextSpan(10, 4), 7200m),
            (TokenKind.Duration, new TextSpan(15, 4), 5400m));
    }

    [Fact]
    public void An_iso_looking_name_that_is_not_a_duration_stays_a_name()
    {
        Single("PT").Kind.Should().Be(TokenKind.Name);
        Single("Pending").Kind.Should().Be(TokenKind.Name);
    }

    [Theory]
    [InlineData("orderValue")]
    [InlineData("duty-manager")]
    [InlineData("team-lead")]
    [InlineData("customer.tier")]
    [InlineData("delay.hours")]
    [InlineData("customer.segment-code")]
    [InlineData("_internal")]
    [InlineData("café")]
    public void Names_hold_letters_digits_underscores_dashes_and_dots(string text)
    {
        var token = Single(text);
        token.Kind.Should().Be(TokenKind.Name);
        token.Text.Should().Be(text);
    }

    [Fact]
    public void A_dash_between_spaces_is_subtraction()
    {
        LexClean("orderValue - refunded").Select(t => (t.Kind, t.Text)).Should().Equal(
            (TokenKind.Name, "orderValue"), (TokenKind.Minus, "-"), (TokenKind.Name, "refunded"));
    }

    [Fact]
    public void A_dash_inside_a_name_is_part_of_the_name()
    {
        LexClean("orderValue-refunded").Select(t => t.Kind).Should().Equal(TokenKind.Name);
    }

    [Fact]
    public void A_trailing_dash_is_an_operator()
    {
        LexClean("a- b").Select(t => (t.Kind, t.Span)).Should().Equal(
            (TokenKind.Name, new TextSpan(0, 1)), (TokenKind.Minus, new TextSpan(1, 1)), (TokenKind.Name, new TextSpan(3, 1)));
    }

    [Fact]
    public void A_dot_before_a_digit_does_not_join_a_name()
    {
        var (tokens, _) = Lex("a.5");
        tokens.Select(t => t.Kind).Should().StartWith(TokenKind.Name);
        tokens[0].Text.Should().Be("a");
    }

    [Fact]
    public void A_quoted_name_is_a_string_token_without_its_quotes()
    {
        var token = Single("'duty-manager'");
        token.Kind.Should().Be(TokenKind.String);
        token.Text.Should().Be("duty-manager");
    }

    [Fact]
    public void Two_single_quotes_in_a_string_are_one_quote()
    {
        var token = Single("'customer''s fault'");
        token.Text.Should().Be("customer's fault");
    }

    [Theory]
    [InlineData("and", nameof(TokenKind.And))]
    [InlineData("or", nameof(TokenKind.Or))]
    [InlineData("not", nameof(TokenKind.Not))]
    [InlineData("in", nameof(TokenKind.In))]
    [InlineData("of", nameof(TokenKind.Of))]
    [InlineData("true", nameof(TokenKind.True))]
    [InlineData("false", nameof(TokenKind.False))]
    public void Keywords_are_lower_case_words(string text, string kind)
    {
        Single(text).Kind.Should().Be(Enum.Parse<TokenKind>(kind));
    }

    [Fact]
    public void Keywords_are_case_sensitive()
    {
        Single("And").Kind.Should().Be(TokenKind.Name);
    }

    [Fact]
    public void Operators_have_one_and_two_character_spans()
    {
        var tokens = LexClean("+ - * / ( ) [ ] , == != < <= > >=");
        tokens.Select(t => t.Kind).Should().Equal(
            TokenKind.Plus, TokenKind.Minus, TokenKind.Star, TokenKind.Slash, TokenKind.OpenParen, TokenKind.CloseParen,
            TokenKind.OpenBracket, TokenKind.CloseBracket, TokenKind.Comma, TokenKind.EqualsEquals, TokenKind.BangEquals,
            TokenKind.Less, TokenKind.LessEquals, TokenKind.Greater, TokenKind.GreaterEquals);
        tokens.Select(t => t.Span.Length).Should().Equal(1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 2, 1, 2);
    }

    [Fact]
    public void Operators_need_no_spaces()
    {
        LexClean("delay>=24h").Select(t => (t.Kind, t.Span)).Should().Equal(
            (TokenKind.Name, new TextSpan(0, 5)), (TokenKind.GreaterEquals, new TextSpan(5, 2)), (TokenKind.Duration, new TextSpan(7, 3)));
    }

    [Fact]
    public void Spans_of_a_realistic_condition()
    {
        var tokens = LexClean("customer.tier in [gold, platinum] and delay > 1h30m");
        tokens.Select(t => (t.Kind, t.Span.Start, t.Span.Length)).Should().Equal(
            (TokenKind.Name, 0, 13),
            (TokenKind.In, 14, 2),
            (TokenKind.OpenBracket, 17, 1),
            (TokenKind.Name, 18, 4),
            (TokenKind.Comma, 22, 1),
            (TokenKind.Name, 24, 8),
            (TokenKind.CloseBracket, 32, 1),
            (TokenKind.And, 34, 3),
            (TokenKind.Name, 38, 5),
            (TokenKind.Greater, 44, 1),
            (TokenKind.Duration, 46, 5));
    }

    [Fact]
    public void Spans_of_an_amount()
    {
        var tokens = LexClean("min(10% of orderValue, 30 USD) + 5");
        tokens.Select(t => (t.Kind, t.Span.Start, t.Span.Length)).Should().Equal(
            (TokenKind.Name, 0, 3),
            (TokenKind.OpenParen, 3, 1),
            (TokenKind.Percent, 4, 3),
            (TokenKind.Of, 8, 2),
            (TokenKind.Name, 11, 10),
            (TokenKind.Comma, 21, 1),
            (TokenKind.Money, 23, 6),
            (TokenKind.CloseParen, 29, 1),
            (TokenKind.Plus, 31, 1),
            (TokenKind.Number, 33, 1));
    }

    [Fact]
    public void Whitespace_of_every_kind_separates_tokens()
    {
        LexClean("a\tand\nb").Select(t => t.Kind).Should().Equal(TokenKind.Name, TokenKind.And, TokenKind.Name);
    }

    // ---- errors: reported once, at the character, and recovered as the author meant ----

    [Theory]
    [InlineData("severity = critical", 9, 1, "'='", "write '=='", nameof(TokenKind.EqualsEquals))]
    [InlineData("late && big", 5, 2, "'&'", "write 'and'", nameof(TokenKind.And))]
    [InlineData("late || big", 5, 2, "'|'", "write 'or'", nameof(TokenKind.Or))]
    [InlineData("late & big", 5, 1, "'&'", "write 'and'", nameof(TokenKind.And))]
    public void A_operator_from_another_language_is_reported_once_and_read_as_meant(string text, int start, int length, string character, string hint, string meant)
    {
        var (tokens, diagnostics) = Lex(text);
        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0100");
        diagnostic.Location.Span.Should().Be(new LinePositionSpan(new LinePosition(0, start), new LinePosition(0, start + length)));
        diagnostic.Message.Should().Contain(character).And.Contain(hint);
        tokens.Select(t => t.Kind).Should().Equal(TokenKind.Name, Enum.Parse<TokenKind>(meant), TokenKind.Name);
    }

    [Fact]
    public void A_character_beyond_the_basic_plane_is_one_unexpected_character()
    {
        var (_, diagnostics) = Lex("x == \U0001F600");

        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0100");
        diagnostic.Location.Span.Should().Be(new LinePositionSpan(new LinePosition(0, 5), new LinePosition(0, 7)));
        diagnostic.Message.Should().Be("Unexpected character '\U0001F600' in an expression");
    }

    [Fact]
    public void A_lone_surrogate_is_shown_as_its_escape()
    {
        var (_, diagnostics) = Lex("x == \ud800");

        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Location.Span.Should().Be(new LinePositionSpan(new LinePosition(0, 5), new LinePosition(0, 6)));
        diagnostic.Message.Should().Be("Unexpected character '\\uD800' in an expression");
    }

    [Fact]
    public void An_exclamation_mark_is_read_as_not()
    {
        var (tokens, diagnostics) = Lex("!late");
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("write 'not' instead of '!'");
        tokens.Select(t => t.Kind).Should().Equal(TokenKind.Not, TokenKind.Name);
    }

    [Fact]
    public void Double_quoted_text_is_reported_at_its_quote_and_read_as_text()
    {
        var (tokens, diagnostics) = Lex("carrier == \"ParcelCo\"");
        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0100");
        diagnostic.Location.Span.Start.Should().Be(new LinePosition(0, 11));
        diagnostic.Message.Should().Contain("single quotes");
        tokens[^1].Should().Be(new Token(TokenKind.String, new TextSpan(11, 10), "ParcelCo"));
    }

    [Fact]
    public void An_unknown_character_is_reported_and_skipped()
    {
        var (tokens, diagnostics) = Lex("delay > 24h ; late");
        diagnostics.Should().ContainSingle().Which.Location.Span.Start.Should().Be(new LinePosition(0, 12));
        tokens.Select(t => t.Kind).Should().Equal(TokenKind.Name, TokenKind.Greater, TokenKind.Duration, TokenKind.Name);
    }

    [Fact]
    public void An_unterminated_string_is_reported_from_its_quote_to_the_end()
    {
        var (tokens, diagnostics) = Lex("carrier == 'ParcelCo");
        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0101");
        diagnostic.Location.Span.Should().Be(new LinePositionSpan(new LinePosition(0, 11), new LinePosition(0, 20)));
        tokens[^1].Kind.Should().Be(TokenKind.String);
    }

    [Theory]
    [InlineData("24hours", "duration")]
    [InlineData("2h1d", "duration")]
    [InlineData("1.2.3", "number")]
    [InlineData("15USD", "amount of money")]
    public void A_malformed_literal_is_reported_over_its_whole_text_and_marked_bad(string text, string what)
    {
        var (tokens, diagnostics) = Lex(text);
        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be("RR0103");
        diagnostic.Message.Should().StartWith($"'{text}' is not a valid {what}");
        diagnostic.Location.Span.Should().Be(new LinePositionSpan(new LinePosition(0, 0), new LinePosition(0, text.Length)));
        tokens.Should().ContainSingle().Which.HasErrors.Should().BeTrue("the binder must not report a second error for it");
    }

    [Fact]
    public void Glued_money_suggests_the_space()
    {
        var (_, diagnostics) = Lex("15USD");
        diagnostics.Single().Message.Should().Contain("write money with a space: '15 USD'");
    }

    [Fact]
    public void Positions_map_through_the_source_map()
    {
        // The text sits on line 4 from column 10 of a file, as a YAML scalar would.
        var map = SourceMap.SingleLine("p.yaml", new LinePositionSpan(new LinePosition(4, 10), new LinePosition(4, 30)), new LinePosition(4, 10));
        var diagnostics = new DiagnosticBag();
        Lexer.Tokenize("severity = critical", map, diagnostics);
        diagnostics.ToSortedArray().Single().Location.Should().Be(
            new SourceLocation("p.yaml", new LinePositionSpan(new LinePosition(4, 19), new LinePosition(4, 20))));
    }
}

namespace RecoveryRules.Tests.Infrastructure;

public sealed class TestMarkupTests
{
    [Fact]
    public void Markup_is_stripped_and_its_spans_are_offsets_in_the_plain_text()
    {
        var (text, spans) = TestMarkup.Parse("when: severity == {|RR0201:critcal|}");
        text.Should().Be("when: severity == critcal");
        spans.Should().Equal(new MarkedSpan("RR0201", 18, 25));
    }

    [Fact]
    public void Spans_may_nest_and_be_empty()
    {
        var (text, spans) = TestMarkup.Parse("{|RR0007:|}a {|RR0203:b {|RR0201:c|}|}");
        text.Should().Be("a b c");
        spans.Should().BeEquivalentTo([new MarkedSpan("RR0007", 0, 0), new MarkedSpan("RR0203", 2, 5), new MarkedSpan("RR0201", 4, 5)]);
    }

    [Fact]
    public void Text_that_only_looks_like_markup_stays()
    {
        TestMarkup.Parse("a |} b {| c {|x:y|}").Text.Should().Be("a |} b {| c {|x:y|}");
    }

    [Fact]
    public void An_unclosed_span_is_a_mistake_in_the_test()
    {
        var parse = () => TestMarkup.Parse("{|RR0201:critcal");
        parse.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("when: severity == {|RR0201:critcal|}")]
    [InlineData("{|RR0007:|}policy: p")]
    [InlineData("{|RR0203:a {|RR0201:b|}|} and {|RR0201:c|}")]
    [InlineData("x {|RR0201:|}{|RR0102:y|}")]
    public void Inserting_the_parsed_spans_gives_back_the_markup(string markup)
    {
        var (text, spans) = TestMarkup.Parse(markup);
        TestMarkup.Insert(text, spans).Should().Be(markup);
    }
}

using System.Text;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Tests.Input;

public sealed class JsonValueSequenceTests
{
    [Fact]
    public void Values_are_cut_with_the_line_where_each_starts()
    {
        var document = Encoding.UTF8.GetBytes("\uFEFF{\n \"a\": 1\n}\n\n  {\"b\": [1,\n 2]} 3\n");

        var parts = JsonValueSequence.Split(document).ToList();

        parts.Select(part => Encoding.UTF8.GetString(part.Json.Span)).Should().Equal("{\n \"a\": 1\n}", "{\"b\": [1,\n 2]}", "3");
        parts.Select(part => part.Line).Should().Equal(1, 5, 6);
        parts.Should().OnlyContain(part => part.Error == null);
    }

    [Fact]
    public void A_malformed_value_is_one_error_and_reading_goes_on_at_the_next_line_starting_an_object()
    {
        var document = Encoding.UTF8.GetBytes("{\"a\": 1}\n{\n \"b\": \n}\n{\"c\": 3}");

        var parts = JsonValueSequence.Split(document).ToList();

        parts.Should().HaveCount(3);
        parts[1].Line.Should().Be(2);
        parts[1].Error!.Id.Should().Be("RR0400");
        parts[1].Error!.Message.Should().Contain("(line 4, byte 1)").And.EndWith("reading went on at line 5, the next line that starts with '{'");
        parts[2].Error.Should().BeNull();
        parts[2].Line.Should().Be(5);
        Encoding.UTF8.GetString(parts[2].Json.Span).Should().Be("{\"c\": 3}");
    }

    [Fact]
    public void A_malformed_value_with_no_object_line_after_it_ends_the_sequence_saying_so()
    {
        var document = Encoding.UTF8.GetBytes("{\"a\": 1}\n{\n \"b\": \n  {\"c\": 3}\n");

        var parts = JsonValueSequence.Split(document).ToList();

        parts.Should().HaveCount(2);
        parts[1].Error!.Message.Should().EndWith("no line after it starts with '{', so the rest of the input was not read");
    }
}

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
    public void Malformed_json_ends_the_sequence_with_an_error_that_names_the_line()
    {
        var document = Encoding.UTF8.GetBytes("{\"a\": 1}\n{\n \"b\": \n}\n{\"c\": 3}");

        var parts = JsonValueSequence.Split(document).ToList();

        parts.Should().HaveCount(2);
        parts[1].Line.Should().Be(2);
        parts[1].Error!.Id.Should().Be("RR0400");
        parts[1].Error!.Message.Should().Contain("(line 4, byte 1)").And.EndWith("the rest of the input was not read");
    }
}

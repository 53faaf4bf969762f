using System.Text;
using RecoveryRules.Cli.Input;

namespace RecoveryRules.Cli.Tests.Input;

public sealed class StandardInputCasesTests
{
    [Theory]
    [InlineData("{\"id\": \"a\"}\n{\"id\": \"b\"}\n", true)]
    [InlineData("\n\n  {\"id\": \"a\"}", true)]
    [InlineData("not json at all\n{\"id\": \"b\"}\n", true)]
    [InlineData("", true)]
    [InlineData("{\n  \"id\": \"a\"\n}\n", false)]
    [InlineData("\n{\"id\": \"a\",\n \"severity\": \"minor\"}", false)]
    [InlineData("{\"id\": \"a\",", false)]
    public async Task Input_is_json_lines_unless_its_first_line_starts_a_value_that_goes_on(string text, bool isJsonLines)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var (detected, input) = await StandardInputCases.DetectAsync(System.IO.Pipelines.PipeReader.Create(new TrickleStream(bytes, 3)), 1 << 20, CancellationToken.None);

        detected.Should().Be(isJsonLines);
        using var copy = new MemoryStream();
        await input.AsStream().CopyToAsync(copy, TestContext.Current.CancellationToken);
        copy.ToArray().Should().Equal(bytes, "every byte read while deciding is given back");
    }
}

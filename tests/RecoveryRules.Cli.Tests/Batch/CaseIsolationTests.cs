using System.Buffers;
using System.Text;
using System.Text.Json;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Output;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Tests.Batch;

/// <summary>An unexpected exception for one case is that case's RR0429 error line; the batch goes on and nothing half-written is left.</summary>
public sealed class CaseIsolationTests
{
    /// <summary>Writes decisions as JSON Lines, but fails part-way through the decision of case "boom".</summary>
    private sealed class FailingWriter : OutcomeWriter
    {
        private readonly JsonLineOutcomeWriter _inner = new();

        public override void WriteDecision(IBufferWriter<byte> output, long line, Decision decision)
        {
            if (decision.CaseId == "boom")
            {
                output.Write("{\"half\":"u8);
                throw new InvalidOperationException("the writer broke");
            }

            _inner.WriteDecision(output, line, decision);
        }

        public override void WriteError(IBufferWriter<byte> output, long line, CaseError error) => _inner.WriteError(output, line, error);
    }

    private static string Line(string id) =>
        $$"""{"id": "{{id}}", "severity": "critical", "channel": "phone", "delay": "3h", "orderValue": 80, "failureType": "technical", "proactive": false}""";

    [Fact]
    public async Task An_exception_for_one_case_is_its_internal_error_line_and_every_other_case_is_decided()
    {
        var policy = PolicyYaml.CompileFile(TestData.Retail).Policy!;
        var ids = Enumerable.Range(0, 200).Select(i => i == 120 ? "boom" : $"c-{i}").ToList();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", ids.Select(Line)) + "\n"));
        using var output = new MemoryStream();

        var summary = await JsonLinesBatch.RunAsync(policy, RecoveryRules.Cli.Input.LineSource.Of(System.IO.Pipelines.PipeReader.Create(input), BatchOptions.Default.MaxLineBytes), "test", output, () => new FailingWriter(), EvaluationOptions.Default,
            new BatchOptions { ChunkBytes = 1024, Workers = 2 }, recording: null, CancellationToken.None);

        summary.Should().Be(new BatchSummary(200, 1));
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(200).And.NotContain(line => line.Contains("half", StringComparison.Ordinal));
        lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("case").GetString()).Should().Equal(ids);
        using var error = JsonDocument.Parse(lines[120]);
        var body = error.RootElement.GetProperty("error");
        body.GetProperty("id").GetString().Should().Be("RR0429");
        body.GetProperty("message").GetString().Should().Contain("System.InvalidOperationException: the writer broke");
        body.GetProperty("line").GetInt64().Should().Be(121);
    }
}

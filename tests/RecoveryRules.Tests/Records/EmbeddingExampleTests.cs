using RecoveryRules.Yaml;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary>The code of docs/auditing.md, "Decision records": a CRM that records its decisions without the CLI, and replays them.</summary>
public sealed class EmbeddingExampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recoveryrules-embedding-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_crm_records_every_case_it_decides_and_an_auditor_replays_them()
    {
        var path = Path.Combine(_folder, "decisions.jsonl");
        var policy = PolicyYaml.CompileFile(DataPath("Evaluation", "retail.policy.yaml")).GetPolicyOrThrow();
        string[] incoming =
        [
            "{\"id\": \"c-1043\", \"severity\": \"major\", \"channel\": \"email\", \"delay\": \"5h\", \"orderValue\": 120, \"failureType\": \"operation\", \"proactive\": false}",
            "{\"id\": \"c-1047\", \"severity\": \"critcal\"}",
            "{\"id\": \"c-1048\", ",
        ];

        // docs/auditing.md: recording
        using (var records = new DecisionRecordWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0)))
        {
            foreach (var json in incoming)
            {
                var now = DateTimeOffset.UtcNow;
                var record = policy.TryReadCase(json, out var recoveryCase, out var error)
                    ? DecisionRecord.Evaluate(recoveryCase, new EvaluationOptions { Now = now })
                    : DecisionRecord.Create(json, new CaseResult(null, error), policy.Identity, now);
                records.Write(record); // one whole line, one write, flushed
                _ = record.Result; // the decision (or the case error) the CRM acts on
            }
        }

        // docs/auditing.md: replaying
        var report = new List<string>();
        using (var file = File.OpenRead(path))
        {
            foreach (var line in DecisionRecordReader.Read(file))
            {
                if (line.Record is not { } record)
                {
                    report.Add(line.Problem!);
                    continue;
                }

                foreach (var difference in DecisionComparison.Compare(record.Result, record.Replay(policy)))
                {
                    report.Add($"case {record.CaseId} (line {line.Line}): {difference.Field}: recorded {difference.Recorded}, replayed {difference.Replayed}");
                }
            }
        }

        report.Should().BeEmpty();
        File.ReadAllLines(path).Should().HaveCount(3);
        File.ReadAllLines(path)[2].Should().EndWith(",\"given\":\"{\\\"id\\\": \\\"c-1048\\\", \"}");
    }
}

using System.Globalization;
using CsCheck;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Records;

/// <summary>
/// Generated policies and cases, some giving <c>occurredAt</c> (in the past, or in the future: case errors),
/// each evaluated at its own moment (<see cref="EvaluationOptions.Now"/>), recorded through a
/// <see cref="DecisionRecordWriter"/>, read back by the <see cref="DecisionRecordReader"/> and replayed at the
/// recorded moment with the same policy: not one difference, in every <see cref="RuleExecution"/>.
/// </summary>
public sealed class RecordRoundTripProperties
{
    private static readonly string[] Offsets = ["+00:00", "Z", "+05:30", "-03:00", "+14:00", "-12:00"];

    /// <summary>How a case gives its time: its delay (0), <c>occurredAt</c> that long before the moment (1), or <c>occurredAt</c> after it (2).</summary>
    private static readonly Gen<(GeneratedCase Case, int Time, int Offset, int Future)> TimedCases = Gen.Select(
        PolicyGenerators.Cases, Gen.Frequency((4, Gen.Const(0)), (4, Gen.Const(1)), (1, Gen.Const(2))), Gen.Int[0, Offsets.Length - 1], Gen.Int[1, 86400]);

    private static readonly Gen<(GeneratedPolicy Policy, (GeneratedCase Case, int Time, int Offset, int Future)[] Cases, long Moment, bool Explain)> Inputs = Gen.Select(
        PolicyGenerators.Policies, TimedCases.Array[5, 25], Gen.Long[0, 3L * 365 * 24 * 3600], Gen.Bool);

    private static string Json(GeneratedCase generated, int time, int offset, int future, DateTimeOffset now)
    {
        var json = generated.ToJson();
        if (time == 0)
        {
            return json;
        }

        var at = time == 1 ? now.AddTicks(-(long)(generated.DelaySeconds * TimeSpan.TicksPerSecond)) : now.AddSeconds(future);
        var text = Offsets[offset] == "Z"
            ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : at.ToOffset(TimeSpan.Parse(Offsets[offset].TrimStart('+'), CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        return json.Replace($"\"delay\": \"{generated.DelayText}\"", $"\"occurredAt\": \"{text}\"", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RuleExecution.Compiled)]
    [InlineData(RuleExecution.Interpreted)]
    [InlineData(RuleExecution.Tiered)]
    public void Every_recorded_outcome_replays_without_a_difference(RuleExecution execution)
    {
        var cases = 0;
        var errors = 0;
        Inputs.Sample(
            input =>
            {
                var policy = PolicyYaml.Compile(input.Policy.ToYaml(), "generated.policy.yaml", null,
                    new RecoveryPolicyOptions { TimeProvider = Clock(), Execution = execution }).GetPolicyOrThrow();
                var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(input.Moment);
                var recorded = new List<CaseResult>();
                using var file = new MemoryStream();
                using (var writer = new DecisionRecordWriter(file, leaveOpen: true))
                {
                    for (var i = 0; i < input.Cases.Length; i++)
                    {
                        var (generated, time, offset, future) = input.Cases[i];
                        var now = start.AddMinutes(i).ToOffset(TimeSpan.FromHours((i % 5) - 2));
                        var json = Json(generated, time, offset, future, now);
                        policy.TryReadCase(json, out var recoveryCase, out var readError).Should().BeTrue(readError?.ToString());
                        var record = DecisionRecord.Evaluate(recoveryCase!, new EvaluationOptions { Now = now, Explain = input.Explain });
                        (record.Result.Error?.Id ?? "RR0410").Should().Be("RR0410", "only an occurredAt after the moment is an error here");
                        record.Result.IsDecision.Should().Be(time != 2);
                        writer.Write(record);
                        recorded.Add(record.Result);
                    }
                }

                file.Position = 0;
                var lines = DecisionRecordReader.Read(file).ToList();

                lines.Select(l => l.Line).Should().Equal(Enumerable.Range(1, recorded.Count).Select(n => (long)n));
                for (var i = 0; i < lines.Count; i++)
                {
                    var record = lines[i].Record;
                    record.Should().NotBeNull(lines[i].Problem);
                    DecisionComparison.Compare(recorded[i], record!.Result).Should().BeEmpty("the record reads back as written");
                    var replayed = record.Replay(policy);
                    DecisionComparison.Compare(record.Result, replayed).Should().BeEmpty("line {0} replays as recorded", i + 1);
                    replayed.Should().Be(recorded[i].IsDecision ? new CaseResult(recorded[i].Decision! with { Explanation = null }, null) : recorded[i]);
                    Interlocked.Increment(ref cases);
                    if (!replayed.IsDecision)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            },
            iter: 160,
            print: input => Environment.NewLine + input.Policy.ToYaml());

        cases.Should().BeGreaterThan(2000);
        errors.Should().BeGreaterThan(0);
    }
}

using System.Buffers;
using System.Text;
using RecoveryRules.Evaluation;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>The decision line written straight from a case line, compared with the reference path (docs/design.md §25).</summary>
internal static class PlainLineComparison
{
    /// <summary>
    /// The direct line against <see cref="Decision.ToJson"/> of the decision <see cref="RecoveryPolicy.TryEvaluate"/> gives at
    /// <paramref name="now"/>: the same bytes and a newline, or the same error with nothing written.
    /// </summary>
    public static PlainLine Compare(RecoveryPolicy policy, string json, DateTimeOffset now) => Compare(policy, json, now, out _);

    /// <summary>As <see cref="Compare(RecoveryPolicy, string, DateTimeOffset)"/>, giving the line written (empty when none was).</summary>
    public static PlainLine Compare(RecoveryPolicy policy, string json, DateTimeOffset now, out string written)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        string? expectedLine = null;
        if (policy.TryReadCase(bytes, out var recoveryCase, out var expectedError))
        {
            expectedLine = policy.TryEvaluate(recoveryCase, out var decision, out expectedError, new EvaluationOptions { Now = now }) ? decision!.ToJson() + "\n" : null;
        }

        var output = new ArrayBufferWriter<byte>(16);
        output.Write("previous line\n"u8);
        var outcome = policy.TryWritePlainUtf8Line(bytes, now, output, out _, out _, out var actualError);
        written = Encoding.UTF8.GetString(output.WrittenSpan["previous line\n"u8.Length..]);
        switch (outcome)
        {
            case PlainLine.Written:
                written.Should().Be(expectedLine, $"case {json}");
                break;
            case PlainLine.Failed:
                written.Should().BeEmpty();
                expectedLine.Should().BeNull($"case {json} fails on the direct path");
                actualError.Should().Be(expectedError, $"case {json}");
                break;
            default:
                throw new InvalidOperationException($"Case {json} was not written: {outcome}.");
        }

        return outcome;
    }
}

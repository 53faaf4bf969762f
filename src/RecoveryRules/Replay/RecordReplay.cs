using System.Collections.Immutable;

namespace RecoveryRules.Replay;

/// <summary>
/// The replay of one decision record as <c>recoveryrules replay</c> does it, many times a second
/// (docs/auditing.md, "Replay"): the same outcome as <see cref="DecisionRecord.Replay"/>, without parsing the
/// recorded <c>given</c> into a <see cref="System.Text.Json.JsonDocument"/> only to learn that it is an object.
/// </summary>
internal static class RecordReplay
{
    /// <summary>
    /// Re-evaluates the record's case with <paramref name="policy"/> at the recorded <c>evaluatedAt</c>. A
    /// <c>given</c> that is a JSON object (what <c>eval --record</c> writes for every readable case) is read straight
    /// from its bytes; any other <c>given</c> (a string holding input that was not an object) goes the way of
    /// <see cref="DecisionRecord.Replay"/>.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="policy">The policy to replay with.</param>
    /// <param name="given">The record's own <c>given</c> array, when the caller has it (<see cref="RecordLineReader.TryRead(ReadOnlySpan{byte}, out DecisionRecord?, out string?, out byte[])"/>): read without a copy.</param>
    /// <returns>The decision or the case error the policy gives now.</returns>
    public static CaseResult Replay(DecisionRecord record, RecoveryPolicy policy, byte[]? given = null)
    {
        var bytes = record.GivenUtf8;
        if (bytes.IsEmpty || bytes[0] != (byte)'{')
        {
            return record.Replay(policy);
        }

        // The record's bytes never change, and the case keeps what it reads as what it was given: it may share the
        // record's own array, or gets a copy.
        var options = new EvaluationOptions { Now = record.EvaluatedAt };
        var input = given is not null && bytes.SequenceEqual(given) ? given : bytes.ToArray();
        if (!policy.TryReadCase(input, ownsInput: true, out var recoveryCase, out var error))
        {
            return new CaseResult(null, error);
        }

        return policy.TryEvaluate(recoveryCase, out var decision, out error, options)
            ? new CaseResult(decision, null)
            : new CaseResult(null, error);
    }

    /// <summary>
    /// <see cref="DecisionComparison.Compare"/>, with a shortcut for the usual answer: two decisions (or two case
    /// errors) equal in every member (<see cref="Decision.Equals(Decision?)"/> compares amounts and durations as
    /// values, lists element by element) have no difference, and nothing is allocated to say so.
    /// </summary>
    /// <param name="recorded">The outcome in the record.</param>
    /// <param name="replayed">The outcome the policy gives now, evaluated at the recorded moment.</param>
    /// <returns>The differences; empty when the outcomes agree.</returns>
    public static ImmutableArray<DecisionDifference> Compare(CaseResult recorded, CaseResult replayed)
    {
        var same = recorded.Decision is { } before
            ? replayed.Decision is { } after && before.Explanation is null && after.Explanation is null && before.Equals(after)
            : recorded.Error is { } was && replayed.Error is { } now && was.Equals(now);
        return same ? [] : DecisionComparison.Compare(recorded, replayed);
    }
}

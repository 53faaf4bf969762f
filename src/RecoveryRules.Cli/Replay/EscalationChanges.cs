using RecoveryRules.Symbols;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// How escalations changed, over records decided both times. A target is raised or lowered by its place on the
/// replaying policy's escalation scale; a recorded target that scale does not have (the new version dropped or
/// renamed it) is "changed". The SLA (<c>within</c>) is compared when both decisions escalate: no <c>within</c>
/// counts as no deadline, longer than any.
/// </summary>
internal sealed class EscalationChanges
{
    public long Raised { get; private set; }

    public long Lowered { get; private set; }

    /// <summary>The target changed and the scale cannot order the two (the recorded one is not on it).</summary>
    public long Changed { get; private set; }

    public long Added { get; private set; }

    public long Removed { get; private set; }

    public long WithinShortened { get; private set; }

    public long WithinLengthened { get; private set; }

    public bool Any => Raised + Lowered + Changed + Added + Removed + WithinShortened + WithinLengthened > 0;

    /// <summary>
    /// Counts one decision's escalation change and returns its size in steps of the scale, for ranking the largest
    /// changes: raised or lowered by k members, k; added or removed, the target's place counting no escalation as one
    /// step below the lowest member; a target off the scale, 1; no change of target, 0.
    /// </summary>
    public int Add(EscalationDecision? before, EscalationDecision? after, Vocabulary scale)
    {
        if (before is null && after is null)
        {
            return 0;
        }

        if (before is null)
        {
            Added++;
            return StepsFromNone(after!.To, scale);
        }

        if (after is null)
        {
            Removed++;
            return StepsFromNone(before.To, scale);
        }

        var steps = 0;
        if (!string.Equals(before.To, after.To, StringComparison.Ordinal))
        {
            if (scale.TryGetOrdinal(before.To, out var from) && scale.TryGetOrdinal(after.To, out var to))
            {
                if (to > from)
                {
                    Raised++;
                }
                else
                {
                    Lowered++;
                }

                steps = Math.Abs(to - from);
            }
            else
            {
                Changed++;
                steps = 1;
            }
        }

        if (before.Within != after.Within)
        {
            // No within: no deadline, the longest of all.
            var shorter = after.Within is { } now && (before.Within is not { } then || now < then);
            if (shorter)
            {
                WithinShortened++;
            }
            else
            {
                WithinLengthened++;
            }
        }

        return steps;
    }

    public void Merge(EscalationChanges other)
    {
        Raised += other.Raised;
        Lowered += other.Lowered;
        Changed += other.Changed;
        Added += other.Added;
        Removed += other.Removed;
        WithinShortened += other.WithinShortened;
        WithinLengthened += other.WithinLengthened;
    }

    private static int StepsFromNone(string target, Vocabulary scale) =>
        scale.TryGetOrdinal(target, out var ordinal) ? ordinal + 1 : 1;
}

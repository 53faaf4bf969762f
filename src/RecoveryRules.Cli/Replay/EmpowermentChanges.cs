using System.Collections.Immutable;
using RecoveryRules.Symbols;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// How empowerment changed, over records decided both times: the role raised or lowered on the replaying
/// policy's role scale (or changed, when the recorded role is not on it), empowerment added or removed, the
/// limit raised, lowered, added or removed, and the actions gained and lost (by action, compared as sets).
/// </summary>
internal sealed class EmpowermentChanges
{
    public long RoleRaised { get; private set; }

    public long RoleLowered { get; private set; }

    public long RoleChanged { get; private set; }

    public long Added { get; private set; }

    public long Removed { get; private set; }

    public long LimitRaised { get; private set; }

    public long LimitLowered { get; private set; }

    public long LimitAdded { get; private set; }

    public long LimitRemoved { get; private set; }

    /// <summary>Decisions whose set of actions changed.</summary>
    public long ActionsChanged { get; private set; }

    /// <summary>Actions the person on the spot may take now and could not, by action.</summary>
    public SortedDictionary<string, long> ActionsGained { get; } = new(StringComparer.Ordinal);

    /// <summary>Actions the person on the spot could take and may not now, by action.</summary>
    public SortedDictionary<string, long> ActionsLost { get; } = new(StringComparer.Ordinal);

    public bool Any => RoleRaised + RoleLowered + RoleChanged + Added + Removed + LimitRaised + LimitLowered + LimitAdded + LimitRemoved + ActionsChanged > 0;

    public void Add(EmpowermentDecision? before, EmpowermentDecision? after, Vocabulary roles)
    {
        if (before is null && after is null)
        {
            return;
        }

        if (before is null)
        {
            Added++;
            return;
        }

        if (after is null)
        {
            Removed++;
            return;
        }

        if (!string.Equals(before.Role, after.Role, StringComparison.Ordinal))
        {
            if (roles.TryGetOrdinal(before.Role, out var from) && roles.TryGetOrdinal(after.Role, out var to))
            {
                if (to > from)
                {
                    RoleRaised++;
                }
                else
                {
                    RoleLowered++;
                }
            }
            else
            {
                RoleChanged++;
            }
        }

        switch (before.Limit, after.Limit)
        {
            case (null, not null):
                LimitAdded++;
                break;
            case (not null, null):
                LimitRemoved++;
                break;
            case ({ } then, { } now) when now > then:
                LimitRaised++;
                break;
            case ({ } then, { } now) when now < then:
                LimitLowered++;
                break;
        }

        var gained = Missing(after.Actions, before.Actions);
        var lost = Missing(before.Actions, after.Actions);
        if (gained.Count + lost.Count > 0)
        {
            ActionsChanged++;
            foreach (var action in gained)
            {
                ReplayTally.Increment(ActionsGained, action);
            }

            foreach (var action in lost)
            {
                ReplayTally.Increment(ActionsLost, action);
            }
        }
    }

    public void Merge(EmpowermentChanges other)
    {
        RoleRaised += other.RoleRaised;
        RoleLowered += other.RoleLowered;
        RoleChanged += other.RoleChanged;
        Added += other.Added;
        Removed += other.Removed;
        LimitRaised += other.LimitRaised;
        LimitLowered += other.LimitLowered;
        LimitAdded += other.LimitAdded;
        LimitRemoved += other.LimitRemoved;
        ActionsChanged += other.ActionsChanged;
        foreach (var (action, count) in other.ActionsGained)
        {
            ReplayTally.Increment(ActionsGained, action, count);
        }

        foreach (var (action, count) in other.ActionsLost)
        {
            ReplayTally.Increment(ActionsLost, action, count);
        }
    }

    /// <summary>The distinct values of <paramref name="values"/> that <paramref name="others"/> lacks, in first-seen order.</summary>
    private static List<string> Missing(ImmutableArray<string> values, ImmutableArray<string> others)
    {
        var missing = new List<string>();
        foreach (var value in values)
        {
            if (!others.Contains(value, StringComparer.Ordinal) && !missing.Contains(value, StringComparer.Ordinal))
            {
                missing.Add(value);
            }
        }

        return missing;
    }
}

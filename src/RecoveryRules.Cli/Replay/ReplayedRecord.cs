using System.Collections.Immutable;

namespace RecoveryRules.Cli.Replay;

/// <summary>One record replayed: where it was, what it recorded, what the policy gives now, and how they differ.</summary>
/// <param name="File">The records file, as given on the command line, and its place among them.</param>
/// <param name="Line">The record's one-based line in its file.</param>
/// <param name="Record">The record.</param>
/// <param name="Policy">The policy it was replayed with.</param>
/// <param name="Replayed">The decision or case error the policy gives now.</param>
/// <param name="Differences">Every difference (<see cref="DecisionComparison.Compare"/>); empty when the decision is unchanged.</param>
internal readonly record struct ReplayedRecord(
    RecordsFile File,
    long Line,
    DecisionRecord Record,
    RecoveryPolicy Policy,
    CaseResult Replayed,
    ImmutableArray<DecisionDifference> Differences)
{
    /// <summary>Whether the record was made under another policy (its hash is not the replaying policy's).</summary>
    public bool MadeUnderAnotherPolicy => !string.Equals(Record.Policy.Hash, Policy.Identity.Hash, StringComparison.Ordinal);

    public CaseResult Recorded => Record.Result;
}

/// <summary>A records file of the command line: its name as given, and its one-based place among the files.</summary>
/// <param name="Name">The path as given (<c>-</c>: standard input).</param>
/// <param name="Index">Its place on the command line, from 1.</param>
internal sealed record RecordsFile(string Name, int Index);

using System.Buffers;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// Writes each case's outcome (its decision, or the error that kept it from one) as UTF-8 bytes.
/// One instance per worker: implementations keep per-thread state and are not thread-safe.
/// </summary>
internal abstract class OutcomeWriter
{
    /// <summary>Writes a decision.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="line">The one-based input line where the case starts.</param>
    /// <param name="decision">The decision.</param>
    public abstract void WriteDecision(IBufferWriter<byte> output, long line, Decision decision);

    /// <summary>
    /// Writes the decision of a command that decides one case: the same bytes as <see cref="WriteDecision"/>, through no
    /// <c>[AggressiveOptimization]</c> method where a writer's batch path has one (docs/design.md §27).
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="line">The one-based input line where the case starts.</param>
    /// <param name="decision">The decision.</param>
    public virtual void WriteOneDecision(IBufferWriter<byte> output, long line, Decision decision) => WriteDecision(output, line, decision);

    /// <summary>Writes a case error.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="line">The one-based input line where the case starts.</param>
    /// <param name="error">The error.</param>
    public abstract void WriteError(IBufferWriter<byte> output, long line, CaseError error);

    /// <summary>
    /// Whether a decision is written exactly as <see cref="Decision.ToJson"/> writes it, and a newline: then a plain case's
    /// line may be written straight from its evaluation, without a <see cref="Decision"/> (docs/design.md §21).
    /// </summary>
    public virtual bool WritesDecisionLines => false;

    /// <summary>Drops whatever a write that failed part-way left behind, so the next outcome starts clean.</summary>
    public virtual void Discard()
    {
    }
}

namespace RecoveryRules.Cli.Batch;

/// <summary>
/// How <c>eval --record</c> records each case (docs/auditing.md, "Decision records"): into which file, and
/// whether the records and the printed output carry the explanation. When recording, every case is evaluated
/// at one moment fixed before it is read (<c>--now</c>, or the policy's clock), so that a case error's record
/// holds the exact clock it was found at.
/// </summary>
/// <param name="File">The record file.</param>
/// <param name="RecordExplanation">Whether each record carries the decision's explanation (<c>--record-explain</c>).</param>
/// <param name="OutputExplanation">Whether the printed outcome is the explanation (<c>--explain</c>); the evaluation explains when either does.</param>
internal sealed record CaseRecording(RecordFile File, bool RecordExplanation, bool OutputExplanation);

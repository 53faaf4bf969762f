namespace RecoveryRules;

/// <summary>One non-blank line of a decision record file: the record, or why the line is not one.</summary>
/// <param name="Line">The one-based line number in the file (blank lines count).</param>
/// <param name="Record">The record, when the line is one; otherwise <c>null</c>.</param>
/// <param name="Problem">Why the line is not a record, with its line number (<c>line 7: not a whole record (the line ends before its JSON object does)</c>); otherwise <c>null</c>.</param>
public sealed record DecisionRecordLine(long Line, DecisionRecord? Record, string? Problem);

namespace RecoveryRules;

/// <summary>Options for one evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Evaluate without an explanation (the fast path).</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Evaluate and attach a <see cref="DecisionExplanation"/>.</summary>
    public static EvaluationOptions WithExplanation { get; } = new() { Explain = true };

    /// <summary>Whether to attach the explanation: every rule, matched or not, each condition's value.</summary>
    public bool Explain { get; init; }
}

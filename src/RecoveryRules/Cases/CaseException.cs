namespace RecoveryRules;

/// <summary>Thrown by the throwing twins of the case methods (<see cref="RecoveryPolicy.ReadCase(string)"/>, <see cref="RecoveryPolicy.Evaluate(RecoveryCase, EvaluationOptions?)"/>) when a case cannot be read or evaluated.</summary>
public sealed class CaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The case error.</param>
    public CaseException(CaseError error)
        : base(error.ToString())
    {
        Error = error;
    }

    /// <summary>The case error.</summary>
    public CaseError Error { get; }
}

namespace RecoveryRules.Testing;

/// <summary>Thrown by <see cref="Scenario.Verify"/> when a scenario did not pass; its message is <see cref="ScenarioResult.Describe"/>.</summary>
public sealed class ScenarioFailedException : Exception
{
    /// <summary>Creates the exception for a result that did not pass.</summary>
    /// <param name="result">The result.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <c>null</c>.</exception>
    public ScenarioFailedException(ScenarioResult result)
        : base((result ?? throw new ArgumentNullException(nameof(result))).Describe())
    {
        Result = result;
    }

    /// <summary>Creates the exception with a message only (serialization and tooling); prefer the constructor that takes a result.</summary>
    public ScenarioFailedException()
    {
    }

    /// <summary>Creates the exception with a message only; prefer the constructor that takes a result.</summary>
    /// <param name="message">The message.</param>
    public ScenarioFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception; prefer the constructor that takes a result.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The result that did not pass; <c>null</c> when the exception was created from a message only.</summary>
    public ScenarioResult? Result { get; }
}

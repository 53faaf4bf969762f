using System.Diagnostics.CodeAnalysis;

namespace RecoveryRules;

/// <summary>
/// Builds a case in code, fact by fact (<c>policy.CreateCase("c-1").With("severity", "major")…</c>).
/// The built case goes through exactly the checks a JSON case does (one shared code path), so the two can
/// never disagree; its values go straight into the case's typed slots, with no JSON written or parsed.
/// </summary>
public sealed class RecoveryCaseBuilder
{
    private readonly RecoveryPolicy _policy;
    private readonly string? _id;
    private List<BuiltFact> _values = new(8);

    /// <summary>Whether a built case holds <see cref="_values"/> (as what it was given): the next value copies them first.</summary>
    private bool _shared;

    internal RecoveryCaseBuilder(RecoveryPolicy policy, string? id)
    {
        _policy = policy;
        _id = id;
    }

    /// <summary>Sets a member (severity, channel, tier, a oneOf fact) or a text fact.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts (<c>customer.tier</c>).</param>
    /// <param name="value">The member or text.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, string value) => Add(fact, new BuiltCaseValue(value));

    /// <summary>Sets a number or money fact (money in the policy's currency).</summary>
    /// <param name="fact">The fact's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, decimal value) => Add(fact, new BuiltCaseValue(value));

    /// <summary>Sets a boolean fact.</summary>
    /// <param name="fact">The fact's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, bool value) => Add(fact, new BuiltCaseValue(value));

    /// <summary>Sets a duration fact (such as <c>delay</c>).</summary>
    /// <param name="fact">The fact's name.</param>
    /// <param name="value">The duration; never negative.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, TimeSpan value) => Add(fact, new BuiltCaseValue(value));

    /// <summary>Sets when the failure happened; the engine computes <c>delay</c> from its clock.</summary>
    /// <param name="occurredAt">The moment of the failure.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder OccurredAt(DateTimeOffset occurredAt) => Add("occurredAt", new BuiltCaseValue(occurredAt));

    private RecoveryCaseBuilder Add(string fact, BuiltCaseValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(fact);
        if (_shared)
        {
            _values = [.. _values];
            _shared = false;
        }

        _values.Add(new BuiltFact(fact, value));
        return this;
    }

    /// <summary>Builds the case.</summary>
    /// <returns>The case.</returns>
    /// <exception cref="CaseException">A fact is missing, undeclared or of the wrong type.</exception>
    public RecoveryCase Build() => TryBuild(out var recoveryCase, out var error) ? recoveryCase : throw new CaseException(error);

    /// <summary>Builds the case, without throwing.</summary>
    /// <param name="recoveryCase">The case, when it is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    /// <returns>Whether the case was built.</returns>
    public bool TryBuild([NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error)
    {
        try
        {
            // Straight into the case's slots, through the checks a JSON case goes through (docs/embedding.md).
            _shared = true;
            return _policy.Reader.TryBuild(_id, _values, out recoveryCase, out error);
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            recoveryCase = null;
            error = RecoveryPolicy.InternalError("building", exception) with { CaseId = _id };
            return false;
        }
    }
}

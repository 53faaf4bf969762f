using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RecoveryRules.Parsing;

namespace RecoveryRules;

/// <summary>
/// Builds a case in code, fact by fact (<c>policy.CreateCase("c-1").With("severity", "major")…</c>).
/// The built case goes through exactly the checks a JSON case does, so the two can never disagree.
/// </summary>
public sealed class RecoveryCaseBuilder
{
    private readonly RecoveryPolicy _policy;
    private readonly string? _id;
    private readonly List<(string Name, object Value)> _values = [];

    internal RecoveryCaseBuilder(RecoveryPolicy policy, string? id)
    {
        _policy = policy;
        _id = id;
    }

    /// <summary>Sets a member (severity, channel, tier, a oneOf fact) or a text fact.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts (<c>customer.tier</c>).</param>
    /// <param name="value">The member or text.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, string value) => Add(fact, value);

    /// <summary>Sets a number or money fact (money in the policy's currency).</summary>
    /// <param name="fact">The fact's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, decimal value) => Add(fact, value);

    /// <summary>Sets a boolean fact.</summary>
    /// <param name="fact">The fact's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, bool value) => Add(fact, value);

    /// <summary>Sets a duration fact (such as <c>delay</c>).</summary>
    /// <param name="fact">The fact's name.</param>
    /// <param name="value">The duration; never negative.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder With(string fact, TimeSpan value) => Add(fact, value);

    /// <summary>Sets when the failure happened; the engine computes <c>delay</c> from its clock.</summary>
    /// <param name="occurredAt">The moment of the failure.</param>
    /// <returns>This builder.</returns>
    public RecoveryCaseBuilder OccurredAt(DateTimeOffset occurredAt) => Add("occurredAt", occurredAt);

    private RecoveryCaseBuilder Add(string fact, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(fact);
        _values.Add((fact, value));
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
        // Text that is not valid Unicode (a lone surrogate) is written escaped, so the reader
        // reports it as RR0412 for its field, exactly as it would in JSON.
        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            if (_id is not null)
            {
                writer.WriteString("id", _id);
            }

            foreach (var (name, value) in _values)
            {
                switch (value)
                {
                    case string s: writer.WriteString(name, s); break;
                    case decimal d: writer.WriteNumber(name, d); break;
                    case bool b: writer.WriteBoolean(name, b); break;
                    case TimeSpan t: writer.WriteString(name, t < TimeSpan.Zero ? "-" : Durations.ToIso(Durations.FromTimeSpan(t))); break;
                    case DateTimeOffset at: writer.WriteString(name, DecisionJson.FormatTimestamp(at)); break;
                }
            }

            writer.WriteEndObject();
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            recoveryCase = null;
            error = RecoveryPolicy.InternalError("building", exception) with { CaseId = _id };
            return false;
        }

        return _policy.TryReadCase(buffer.WrittenMemory, out recoveryCase, out error);
    }
}

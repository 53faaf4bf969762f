using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Text;

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
        // Text that is not valid Unicode (a lone surrogate) is RR0412 for its field, as in JSON; the
        // JSON writer would quietly replace it with U+FFFD, so it is caught before writing.
        if (FirstInvalidText() is { } invalid)
        {
            recoveryCase = null;
            error = new CaseError(
                invalid.Name == "id" || LoneSurrogates.Any(_id) ? null : _id,
                RecoveryDiagnostics.InvalidCaseText.Id,
                RecoveryDiagnostics.InvalidCaseText.Format(invalid.Name, invalid.Part),
                invalid.Name);
            return false;
        }

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

        return _policy.TryReadCase(buffer.WrittenMemory, ownsInput: true, out recoveryCase, out error);
    }

    /// <summary>The first name or string value (the id first) that is not valid UTF-16: the field, as JSON would write it, and which part is bad.</summary>
    private (string Name, string Part)? FirstInvalidText()
    {
        if (LoneSurrogates.Any(_id))
        {
            return ("id", "value");
        }

        foreach (var (name, value) in _values)
        {
            if (LoneSurrogates.Any(name))
            {
                return (LoneSurrogates.Replace(name, c => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)), "name");
            }

            if (value is string text && LoneSurrogates.Any(text))
            {
                return (name, "value");
            }
        }

        return null;
    }
}

using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Text;
using State = RecoveryRules.CaseReader.State;

namespace RecoveryRules;

/// <summary>
/// What a compiled case map calls: the case reader's own tests of a value (<see cref="BuiltCaseValue"/>), and the
/// checked writes through <see cref="CaseReader.ReadValue{TValue}"/>, as the same value in a JSON case.
/// </summary>
internal static class MappedWrites
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError? Fact(CaseReader reader, FactSymbol fact, State state, string value) => Value(reader, fact, state, new BuiltCaseValue(value));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError? Fact(CaseReader reader, FactSymbol fact, State state, decimal value) => Value(reader, fact, state, new BuiltCaseValue(value));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError? Fact(CaseReader reader, FactSymbol fact, State state, bool value) => Value(reader, fact, state, new BuiltCaseValue(value));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError? Fact(CaseReader reader, FactSymbol fact, State state, TimeSpan value) => Value(reader, fact, state, new BuiltCaseValue(value));

    /// <summary>A decimal as a JSON number gives it back (<see cref="BuiltCaseValue.TryGetDecimal"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static decimal AsJsonNumber(decimal value)
    {
        new BuiltCaseValue(value).TryGetDecimal(out var number);
        return number;
    }

    /// <summary>The seconds of a duration a case accepts (<see cref="BuiltCaseValue.TryGetSeconds(long, out decimal)"/>); <see langword="false"/> for a negative one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetSeconds(TimeSpan duration, out decimal seconds)
    {
        // Whole seconds (the usual delay) in line; the rest as the reader converts them.
        var ticks = duration.Ticks;
        if (ticks >= 0 && ticks % TimeSpan.TicksPerSecond == 0)
        {
            seconds = ticks / TimeSpan.TicksPerSecond;
            return true;
        }

        return BuiltCaseValue.TryGetSeconds(ticks, out seconds);
    }

    /// <summary>The member a string names exactly (-1: none, or not valid Unicode: the reader tells which).</summary>
    public static int MemberOrdinal(string[] members, string value)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (string.Equals(members[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether a string is valid Unicode text (<see cref="BuiltCaseValue.TryGetText"/>).</summary>
    public static bool IsText(string value) => LoneSurrogates.IndexOf(value) < 0;

    /// <summary>
    /// The error for a host's expression that threw (RR0604, naming the mapping and the fact): called from that expression's
    /// own catch in the compiled map, so a fact's read needs no record of which fact is being read.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError Failed(MappedFact mapped, Exception exception)
    {
        var message = LoneSurrogates.Replace(exception.Message, _ => "\uFFFD").TrimEnd('.', ' ');
        return new CaseError(null, RecoveryDiagnostics.MappingFailed.Id,
            RecoveryDiagnostics.MappingFailed.Format(mapped.Expression, mapped.Name, exception.GetType().FullName, message), mapped.Name);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RecordId(State state, string id) => state.Values?.Add(new BuiltFact(MappedFact.IdName, new BuiltCaseValue(id)));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError? Id(CaseReader reader, State state, string id)
    {
        RecordId(state, id);
        if (IsText(id))
        {
            state.Id = id; // valid text: the id field reads without error
            return null;
        }

        // The id a JSON case with this id field has: none, as its text is not valid Unicode (RR0412 names it).
        state.Id = null;
        return reader.ReadProperty(MappedFact.IdName, topLevel: true, new BuiltCaseValue(id), state);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError? OccurredAt(CaseReader reader, State state, DateTimeOffset occurredAt) => TopLevel(reader, state, new BuiltCaseValue(occurredAt));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static CaseError? OccurredAt(CaseReader reader, State state, string occurredAt) => TopLevel(reader, state, new BuiltCaseValue(occurredAt));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Record(FactSymbol fact, State state, string value) => state.Values?.Add(new BuiltFact(fact.Name, new BuiltCaseValue(value)));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Record(FactSymbol fact, State state, decimal value) => state.Values?.Add(new BuiltFact(fact.Name, new BuiltCaseValue(value)));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Record(FactSymbol fact, State state, bool value) => state.Values?.Add(new BuiltFact(fact.Name, new BuiltCaseValue(value)));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Record(FactSymbol fact, State state, TimeSpan value) => state.Values?.Add(new BuiltFact(fact.Name, new BuiltCaseValue(value)));

    private static CaseError? TopLevel(CaseReader reader, State state, BuiltCaseValue value)
    {
        state.Values?.Add(new BuiltFact(MappedFact.OccurredAtName, value));
        return reader.ReadProperty(MappedFact.OccurredAtName, topLevel: true, value, state);
    }

    private static CaseError? Value(CaseReader reader, FactSymbol fact, State state, BuiltCaseValue value)
    {
        state.Given[fact.Index] = true;
        state.Values?.Add(new BuiltFact(fact.Name, value));
        return reader.ReadValue(fact, value, state);
    }
}

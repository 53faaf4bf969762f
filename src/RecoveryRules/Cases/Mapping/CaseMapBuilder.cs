using System.Linq.Expressions;

namespace RecoveryRules;

/// <summary>
/// Says how a host's own type becomes a case, fact by fact (<see cref="CaseMap{TSource}.Create"/>). Each
/// method maps one fact from an expression over the source (<c>t =&gt; t.Order.Total</c>); the expression's
/// text names the mapping in bind diagnostics. A <see langword="null"/> along a member chain
/// (<c>t.Account.Tier</c> when <c>Account</c> is null) or a null value is an absent fact: its default
/// applies, or the case is missing it (docs/embedding.md, "Typed case mapping").
/// </summary>
/// <typeparam name="TSource">The host's type (a CRM ticket).</typeparam>
public sealed class CaseMapBuilder<TSource>
{
    private readonly List<MappedFact> _facts = [];

    internal CaseMapBuilder()
    {
    }

    internal List<MappedFact> Facts => _facts;

    /// <summary>Maps the case id.</summary>
    /// <param name="id">The id; null: none.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Id(Expression<Func<TSource, string?>> id) =>
        Add(MappedFact.IdName, id, MappedValueKind.Text);

    /// <summary>Maps <c>severity</c> from text naming a member of the severity scale (exactly, as in case JSON).</summary>
    /// <param name="severity">The member's name.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Severity(Expression<Func<TSource, string?>> severity) =>
        Fact("severity", severity);

    /// <summary>Maps <c>severity</c> from an enum whose names are the scale's members (compared ignoring case, checked when bound).</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="severity">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Severity<TEnum>(Expression<Func<TSource, TEnum>> severity)
        where TEnum : struct, Enum => Fact("severity", severity);

    /// <summary>Maps <c>channel</c> from text naming a channel (exactly, as in case JSON).</summary>
    /// <param name="channel">The channel's name.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Channel(Expression<Func<TSource, string?>> channel) =>
        Fact("channel", channel);

    /// <summary>Maps <c>channel</c> from an enum whose names are the policy's channels (compared ignoring case, checked when bound).</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="channel">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Channel<TEnum>(Expression<Func<TSource, TEnum>> channel)
        where TEnum : struct, Enum => Fact("channel", channel);

    /// <summary>Maps <c>delay</c>, the time the customer has waited; a negative one is a case error, as in case JSON.</summary>
    /// <param name="delay">The delay.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Delay(Expression<Func<TSource, TimeSpan>> delay) =>
        Fact("delay", delay);

    /// <summary>Maps <c>delay</c>; null: absent (give <c>occurredAt</c> instead).</summary>
    /// <param name="delay">The delay.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Delay(Expression<Func<TSource, TimeSpan?>> delay) =>
        Fact("delay", delay);

    /// <summary>Maps <c>occurredAt</c>: the engine computes <c>delay</c> from its clock.</summary>
    /// <param name="occurredAt">The moment of the failure.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> OccurredAt(Expression<Func<TSource, DateTimeOffset>> occurredAt) =>
        Add(MappedFact.OccurredAtName, occurredAt, MappedValueKind.Timestamp);

    /// <summary>Maps <c>occurredAt</c>; null: absent (give <c>delay</c> instead).</summary>
    /// <param name="occurredAt">The moment of the failure.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> OccurredAt(Expression<Func<TSource, DateTimeOffset?>> occurredAt) =>
        Add(MappedFact.OccurredAtName, occurredAt, MappedValueKind.Timestamp);

    /// <summary>Maps <c>customer.tier</c> (text naming a tier) and <c>customer.value</c> (money in the policy's currency).</summary>
    /// <param name="tier">The tier's name.</param>
    /// <param name="value">The customer's value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Customer(Expression<Func<TSource, string?>> tier, Expression<Func<TSource, decimal>> value) =>
        Fact("customer.tier", tier).Fact("customer.value", value);

    /// <summary>Maps <c>customer.tier</c> from an enum whose names are the tier scale's members, and <c>customer.value</c>.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="tier">The tier.</param>
    /// <param name="value">The customer's value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Customer<TEnum>(Expression<Func<TSource, TEnum>> tier, Expression<Func<TSource, decimal>> value)
        where TEnum : struct, Enum =>
        Fact("customer.tier", tier).Fact("customer.value", value);

    /// <summary>Maps a number or money fact (money: an amount in the policy's currency).</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, decimal>> value) =>
        Add(fact, value, MappedValueKind.Number);

    /// <summary>Maps a number or money fact; null: absent.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, decimal?>> value) =>
        Add(fact, value, MappedValueKind.Number);

    /// <summary>Maps a number or money fact.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, int>> value) =>
        Add(fact, value, MappedValueKind.Number);

    /// <summary>Maps a number or money fact; null: absent.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, int?>> value) =>
        Add(fact, value, MappedValueKind.Number);

    /// <summary>Maps a number or money fact.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, long>> value) =>
        Add(fact, value, MappedValueKind.Number);

    /// <summary>Maps a number or money fact; null: absent.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, long?>> value) =>
        Add(fact, value, MappedValueKind.Number);

    /// <summary>Maps a bool fact.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, bool>> value) =>
        Add(fact, value, MappedValueKind.Boolean);

    /// <summary>Maps a bool fact; null: absent.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, bool?>> value) =>
        Add(fact, value, MappedValueKind.Boolean);

    /// <summary>
    /// Maps a fact from text, read as case JSON reads a string: a member's name (exactly), text, money such as
    /// <c>"80 USD"</c> or a duration such as <c>"3h"</c>; null: absent.
    /// </summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, string?>> value) =>
        Add(fact, value, MappedValueKind.Text);

    /// <summary>Maps a duration fact.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value; a negative one is a case error.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, TimeSpan>> value) =>
        Add(fact, value, MappedValueKind.Duration);

    /// <summary>Maps a duration fact; null: absent.</summary>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value; a negative one is a case error.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact(string fact, Expression<Func<TSource, TimeSpan?>> value) =>
        Add(fact, value, MappedValueKind.Duration);

    /// <summary>Maps a scale or oneOf fact from an enum whose names are its members (compared ignoring case, checked when bound).</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact<TEnum>(string fact, Expression<Func<TSource, TEnum>> value)
        where TEnum : struct, Enum => Add(fact, value, MappedValueKind.Enum, EnumMembers.Of<TEnum>());

    /// <summary>Maps a scale or oneOf fact from an enum; null: absent.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="fact">The fact's name, dotted for nested facts.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public CaseMapBuilder<TSource> Fact<TEnum>(string fact, Expression<Func<TSource, TEnum?>> value)
        where TEnum : struct, Enum => Add(fact, value, MappedValueKind.Enum, EnumMembers.Of<TEnum>());

    private CaseMapBuilder<TSource> Add(string fact, LambdaExpression value, MappedValueKind kind, EnumMembers? members = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fact);
        ArgumentNullException.ThrowIfNull(value);
        var text = MappingText.Of(value);
        if (_facts.Find(f => f.Name == fact) is { } earlier)
        {
            throw new ArgumentException($"The case map maps '{fact}' twice: `{earlier.Expression}` and `{text}`; map each fact once.", nameof(fact));
        }

        _facts.Add(new MappedFact(fact, value, kind, text, members));
        return this;
    }
}

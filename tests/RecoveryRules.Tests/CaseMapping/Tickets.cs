using System.Globalization;
using System.Xml;

namespace RecoveryRules.Tests.CaseMapping;

/// <summary>A CRM's priority: its names are the severity scale's members, in another case.</summary>
public enum Priority
{
    Minor,
    Moderate,
    Major,
    Critical,
}

/// <summary>A CRM's failure kinds: <c>failureType</c> members of both test policies, upper case.</summary>
public enum FailureKind
{
    INFORMATION,
    OPERATION,
    TECHNICAL = 7,
}

/// <summary>A customer account of the test CRM.</summary>
public sealed record Account(string? Tier, decimal Value);

/// <summary>An order of the test CRM.</summary>
public sealed record Order(decimal Total);

/// <summary>The test CRM's own ticket type: nullable where a CRM's data may be missing.</summary>
public sealed record Ticket
{
    public string? Number { get; init; }
    public Priority Priority { get; init; }
    public string? Source { get; init; }
    public TimeSpan? Waiting { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    public Account? Account { get; init; }
    public Order? Order { get; init; }
    public int? RepeatCount { get; init; }
    public FailureKind? Failure { get; init; }
    public bool? Proactive { get; init; }
    public string? Segment { get; init; }
}

/// <summary>The maps of the test tickets, and the same ticket written as case JSON by hand (the oracle of the differential tests).</summary>
internal static class Tickets
{
    /// <summary>
    /// A map of the <see cref="Ticket"/> fields, for the retail policy and the case-reading tests' policy (<c>cases</c>):
    /// with <paramref name="segment"/> also <c>customer.segment</c>; without <paramref name="optional"/> only the facts
    /// without default (and the id, and delay by duration alone), so that the rest take their defaults.
    /// </summary>
    public static CaseMap<Ticket> Map(bool segment, bool optional = true) => CaseMap<Ticket>.Create(m =>
    {
        m.Id(t => t.Number)
            .Severity(t => t.Priority)
            .Channel(t => t.Source)
            .Delay(t => t.Waiting);
        if (optional)
        {
            m.OccurredAt(t => t.OpenedAt)
                .Customer(t => t.Account!.Tier, t => t.Account!.Value);
        }

        m.Fact("orderValue", t => t.Order!.Total);
        if (optional)
        {
            m.Fact("repeatFailures", t => t.RepeatCount);
        }

        m.Fact("failureType", t => t.Failure)
            .Fact("proactive", t => t.Proactive);
        if (segment && optional)
        {
            m.Fact("customer.segment", t => t.Segment);
        }
    });

    /// <summary>The ticket as case JSON, field by field in the map's order (the id first); an absent value is left out.</summary>
    public static string Json(Ticket ticket, bool segment, bool optional = true)
    {
        var fields = new List<(string Name, string Json)>();
        void Add(string name, string? json)
        {
            if (json is not null)
            {
                fields.Add((name, json));
            }
        }

        Add("id", ticket.Number is null ? null : Quote(ticket.Number));
        Add("severity", Quote(Member(ticket.Priority)));
        Add("channel", ticket.Source is null ? null : Quote(ticket.Source));
        Add("delay", ticket.Waiting is { } waiting ? Quote(XmlConvert.ToString(waiting)) : null);
        Add("occurredAt", !optional ? null : ticket.OpenedAt is { } at ? Quote(at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)) : null);
        Add("customer.tier", !optional ? null : ticket.Account?.Tier is { } tier ? Quote(tier) : null);
        Add("customer.value", !optional ? null : ticket.Account is { } account ? Number(account.Value) : null);
        Add("orderValue", ticket.Order is { } order ? Number(order.Total) : null);
        Add("repeatFailures", !optional ? null : ticket.RepeatCount?.ToString(CultureInfo.InvariantCulture));
        Add("failureType", ticket.Failure is { } failure ? Quote(Member(failure)) : null);
        Add("proactive", ticket.Proactive is { } proactive ? (proactive ? "true" : "false") : null);
        if (segment && optional)
        {
            Add("customer.segment", ticket.Segment is null ? null : Quote(ticket.Segment));
        }

        return "{" + string.Join(",", fields.Select(f => Quote(f.Name) + ":" + f.Json)) + "}";
    }

    /// <summary>An enum value as the member it names (the members are lower case), or its number as text when it names none.</summary>
    private static string Member<TEnum>(TEnum value)
        where TEnum : struct, Enum => Enum.IsDefined(value) ? value.ToString().ToLowerInvariant() : value.ToString();

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JSON string, written by hand: a lone surrogate escaped (as a JSON writer never would).</summary>
    public static string Quote(string text) => Fuzzing.BuilderJsonEquivalenceTests.Quote(text);
}

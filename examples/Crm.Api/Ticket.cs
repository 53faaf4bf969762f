using System.Text.Json.Serialization;

namespace Crm.Api;

/// <summary>
/// A support ticket as this CRM keeps it: its own names and shapes, not the policy's. The mapping in
/// <see cref="TicketMapping"/> says how each part becomes a fact of the recovery case.
/// </summary>
/// <param name="Id">The ticket number, e.g. <c>T-1042</c>: the case id, named in every decision and error.</param>
/// <param name="Priority">How bad the agent judged the failure: the case's severity.</param>
/// <param name="Source">Where the customer reached us: the case's channel.</param>
/// <param name="OpenedAt">When the ticket was opened: the case's delay is the time since.</param>
/// <param name="Category">What kind of failure: the policy's <c>failureType</c>.</param>
/// <param name="RaisedByUs">Whether we told the customer before they noticed: the policy's <c>proactive</c>.</param>
/// <param name="Account">The customer's account: tier and lifetime value.</param>
/// <param name="Order">The order that went wrong.</param>
/// <param name="PreviousFailures">Earlier failures for this customer, when the CRM knows: the policy's <c>repeatFailures</c> (absent: the policy's default).</param>
public sealed record Ticket(
    string Id,
    TicketPriority Priority,
    ContactSource Source,
    DateTimeOffset OpenedAt,
    TicketCategory Category,
    bool RaisedByUs,
    Account Account,
    Order Order,
    int? PreviousFailures = null);

/// <summary>The customer's account.</summary>
/// <param name="Tier">The loyalty tier, in the policy's words (standard, silver, gold, platinum).</param>
/// <param name="LifetimeValue">What the customer has spent with us, in the policy's currency.</param>
public sealed record Account(string Tier, decimal LifetimeValue);

/// <summary>The order that went wrong.</summary>
/// <param name="Total">The order's total, in the policy's currency.</param>
public sealed record Order(decimal Total);

/// <summary>The CRM's ticket priorities (its own words; <see cref="TicketMapping"/> turns them into severities).</summary>
[JsonConverter(typeof(TicketJsonEnumConverter<TicketPriority>))]
public enum TicketPriority
{
    /// <summary>An inconvenience.</summary>
    Low,
    /// <summary>The usual ticket.</summary>
    Normal,
    /// <summary>Hurts the customer.</summary>
    High,
    /// <summary>Drop everything.</summary>
    Urgent,
}

/// <summary>Where the customer reached us; the names are the policies' channels.</summary>
[JsonConverter(typeof(TicketJsonEnumConverter<ContactSource>))]
public enum ContactSource
{
    /// <summary>A call.</summary>
    Phone,
    /// <summary>An e-mail.</summary>
    Email,
    /// <summary>The website's chat.</summary>
    Chat,
    /// <summary>A public post.</summary>
    Social,
    /// <summary>At the counter.</summary>
    Store,
    /// <summary>The mobile app.</summary>
    App,
}

/// <summary>What kind of failure the ticket is about; the names are the policies' <c>failureType</c> members.</summary>
[JsonConverter(typeof(TicketJsonEnumConverter<TicketCategory>))]
public enum TicketCategory
{
    /// <summary>Wrong or missing information.</summary>
    Information,
    /// <summary>A process went wrong (a late or wrong delivery).</summary>
    Operation,
    /// <summary>We did not answer, or answered badly.</summary>
    Communication,
    /// <summary>A system failed.</summary>
    Technical,
}

/// <summary>Enum members as camel-case JSON strings (read case-insensitively); numbers are refused.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class TicketJsonEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(
    System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;

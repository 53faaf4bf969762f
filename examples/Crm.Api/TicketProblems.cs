using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryRules;

namespace Crm.Api;

/// <summary>
/// Bad input as RFC 9457 problem details: a 400 whose <c>errors</c> name the ticket's field (as the caller
/// wrote it, <c>account.tier</c>) with what was expected, never a 500. A case error keeps its id
/// (<c>errorId</c>, e.g. RR0403) and the policy's field (<c>caseField</c>); its <c>type</c> links the id's
/// entry in docs/diagnostics.md.
/// </summary>
public static partial class TicketProblems
{
    private const string DiagnosticsDocument = "https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md#";

    /// <summary>What each ticket field must be, by its JSON path ("" is the whole body).</summary>
    private static readonly Dictionary<string, string> s_expected = new(StringComparer.Ordinal)
    {
        [""] = "a ticket: a JSON object",
        ["id"] = "a string (the ticket number)",
        ["priority"] = OneOf<TicketPriority>(),
        ["source"] = OneOf<ContactSource>(),
        ["openedAt"] = "a date and time with its offset (ISO 8601, e.g. 2026-12-06T09:30:00Z)",
        ["category"] = OneOf<TicketCategory>(),
        ["raisedByUs"] = "true or false",
        ["account"] = "an object with tier and lifetimeValue",
        ["account.tier"] = "a string (standard, silver, gold or platinum)",
        ["account.lifetimeValue"] = "a number",
        ["order"] = "an object with total",
        ["order.total"] = "a number",
        ["previousFailures"] = "a whole number, or null",
    };

    /// <summary>The 400 for a body that is not a ticket: not JSON, a field missing, null, unknown or of the wrong type.</summary>
    /// <param name="exception">What System.Text.Json reported.</param>
    /// <returns>The problem.</returns>
    public static IResult InvalidTicket(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string path = FieldOf(exception.Path);
        string message = exception.Message;
        string field;
        string detail;
        if (message.StartsWith("The JSON property '", StringComparison.Ordinal))
        {
            // Unknown member: the path ends with it.
            field = path;
            string parent = field.Contains('.', StringComparison.Ordinal) ? field[..field.LastIndexOf('.')] : "";
            detail = $"'{field}' is not a field of {(parent.Length == 0 ? "a ticket" : $"'{parent}'")}; "
                + $"its fields are {string.Join(", ", FieldsOf(parent))}.";
        }
        else if (MissingProperty().Match(message) is { Success: true } missing)
        {
            field = Join(path, missing.Groups["name"].Value);
            detail = $"'{field}' is missing: it must be {Expected(field)}.";
        }
        else if (message.Contains("doesn't allow null values", StringComparison.Ordinal))
        {
            field = path;
            detail = $"'{field}' is null: it must be {Expected(field)}.";
        }
        else if (message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            field = path;
            detail = field.Length == 0
                ? $"The body must be {Expected(field)}."
                : $"'{field}' has a value that cannot be read: it must be {Expected(field)}.";
        }
        else
        {
            // The reader's own message: the text is not JSON.
            field = path;
            // Its first sentence (the rest is the path and position, given here in the reader's own words).
            string reason = message.Split(". ", 2)[0].TrimEnd('.');
            string at = exception.LineNumber is { } line && exception.BytePositionInLine is { } position
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1})")
                : "";
            detail = field.Length == 0
                ? $"The body is not valid JSON{at}: {reason}."
                : $"The body is not valid JSON at '{field}'{at}: {reason}.";
        }

        return Problem(
            title: "The ticket is not valid",
            detail: detail,
            field: field.Length == 0 ? "body" : field,
            type: null,
            extensions: null);
    }

    /// <summary>The 400 for a body that is the JSON <c>null</c> (or empty of any ticket).</summary>
    /// <returns>The problem.</returns>
    public static IResult NullTicket() => Problem(
        title: "The ticket is not valid",
        detail: $"The body is null: it must be {Expected("")}.",
        field: "body",
        type: null,
        extensions: null);

    /// <summary>The 400 for a ticket the policy cannot evaluate: a case error, with its id and both fields.</summary>
    /// <param name="error">The case error.</param>
    /// <returns>The problem.</returns>
    public static IResult CaseError(CaseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string field = TicketMapping.TicketFieldOf(error.Field) ?? error.Field ?? "body";
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["errorId"] = error.Id,
            ["caseField"] = error.Field,
            ["ticket"] = error.CaseId,
        };
        return Problem(
            title: "The ticket cannot be evaluated",
            detail: $"'{field}': {error.Message}",
            field: field,
            type: DiagnosticsDocument + error.Id.ToLowerInvariant(),
            extensions: extensions);
    }

    /// <summary>The 404 for a <c>?policy=</c> that names no loaded policy.</summary>
    /// <param name="name">The name asked for.</param>
    /// <param name="known">The names of the loaded policies.</param>
    /// <returns>The problem.</returns>
    public static IResult UnknownPolicy(string name, IEnumerable<string> known) => Results.Problem(
        title: "No such policy",
        detail: $"There is no policy named '{name}'; the policies are {string.Join(", ", known.Select(k => $"'{k}'"))}.",
        statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["policy"] = name });

    /// <summary>The 415 for a body that is not sent as JSON.</summary>
    /// <param name="contentType">The request's content type.</param>
    /// <returns>The problem.</returns>
    public static IResult NotJson(string? contentType) => Results.Problem(
        title: "The ticket must be JSON",
        detail: $"The body must be sent as application/json, not {(string.IsNullOrEmpty(contentType) ? "without a content type" : contentType)}.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A request the server refused while reading it (too large, cut short): its own status.</summary>
    /// <param name="exception">The server's exception.</param>
    /// <returns>The problem.</returns>
    public static IResult BadRequest(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Results.Problem(title: "The request cannot be read", detail: exception.Message, statusCode: exception.StatusCode);
    }

    private static IResult Problem(string title, string detail, string field, string? type, Dictionary<string, object?>? extensions) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] },
            detail: detail,
            title: title,
            type: type,
            extensions: extensions);

    private static string Expected(string field) =>
        s_expected.TryGetValue(field, out string? expected) ? expected : "of the right type";

    private static IEnumerable<string> FieldsOf(string parent) =>
        s_expected.Keys
            .Where(key => key.Length > 0 && (parent.Length == 0
                ? !key.Contains('.', StringComparison.Ordinal)
                : key.StartsWith(parent + ".", StringComparison.Ordinal) && key.IndexOf('.', parent.Length + 1) < 0))
            .Select(key => parent.Length == 0 ? key : key[(parent.Length + 1)..]);

    /// <summary>A System.Text.Json path (<c>$.account.tier</c>) as a field (<c>account.tier</c>); the root is "".</summary>
    private static string FieldOf(string? path) =>
        path is null || path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    private static string OneOf<TEnum>() where TEnum : struct, Enum =>
        "one of " + string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.CamelCase.ConvertName));

    [GeneratedRegex("missing required properties including: '(?<name>[^']+)'")]
    private static partial Regex MissingProperty();
}

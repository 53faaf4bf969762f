using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecoveryRules;
using RecoveryRules.Hosting;

namespace Crm.Api;

/// <summary>The service's endpoints: a decision for a ticket, the policies in service, and health.</summary>
public static class RecoveryEndpoints
{
    /// <summary>The largest ticket body accepted (a ticket is a few hundred bytes).</summary>
    public const long MaxTicketBytes = 64 * 1024;

    /// <summary>Maps <c>POST /recovery/decisions</c> and <c>GET /recovery/policies</c>.</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapRecoveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var recovery = endpoints.MapGroup("/recovery");
        recovery.MapPost("/decisions", DecideAsync)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxTicketBytes));
        recovery.MapGet("/policies", ListPolicies);
        return endpoints;
    }

    /// <summary>
    /// A ticket in, the decision out: the decision's JSON (<see cref="Decision.ToJson"/>), which names the
    /// policy's id, version and hash. <c>?policy=</c> chooses a policy by name; without it, the default.
    /// </summary>
    private static async Task<IResult> DecideAsync(HttpRequest request, IRecoveryEngine engine, string? policy, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(policy) && !engine.Policies.Any(status => string.Equals(status.Name, policy, StringComparison.OrdinalIgnoreCase)))
        {
            return TicketProblems.UnknownPolicy(policy, engine.Policies.Select(status => status.Name));
        }

        if (!request.HasJsonContentType())
        {
            return TicketProblems.NotJson(request.ContentType);
        }

        Ticket? ticket;
        try
        {
            ticket = await JsonSerializer.DeserializeAsync(request.Body, CrmJson.Default.Ticket, cancellationToken);
        }
        catch (JsonException exception)
        {
            return TicketProblems.InvalidTicket(exception);
        }
        catch (BadHttpRequestException exception)
        {
            return TicketProblems.BadRequest(exception);
        }

        if (ticket is null)
        {
            return TicketProblems.NullTicket();
        }

        return engine.TryEvaluate(ticket, out Decision? decision, out CaseError? error, string.IsNullOrEmpty(policy) ? null : policy)
            ? Results.Text(decision.ToJson(), "application/json", System.Text.Encoding.UTF8)
            : TicketProblems.CaseError(error);
    }

    /// <summary>Each loaded policy: name, id, version, hash, source, load time, diagnostics, health.</summary>
    private static IResult ListPolicies(IRecoveryEngine engine) =>
        Results.Json(
            new PolicyList([.. engine.Policies.Select(status => new PolicyView(
                status.Name,
                status.Identity.Id,
                status.Identity.Version,
                status.Identity.Hash,
                status.Source,
                status.LoadedAt,
                status.IsHealthy,
                [.. status.Diagnostics.Select(d => d.ToString())],
                [.. status.FailedReloadDiagnostics.Select(d => d.ToString())],
                status.Shadow?.Hash))]),
            CrmJson.Http.PolicyList);

    /// <summary>Writes a health report as JSON: the overall status and each check's.</summary>
    /// <param name="context">The request.</param>
    /// <param name="report">The report.</param>
    /// <returns>The write.</returns>
    public static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var response = new HealthResponse(
            report.Status.ToString(),
            report.Entries.ToDictionary(entry => entry.Key, entry => new HealthCheckView(entry.Value.Status.ToString(), entry.Value.Description), StringComparer.Ordinal));
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, response, CrmJson.Http.HealthResponse, context.RequestAborted);
    }
}

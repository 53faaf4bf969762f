using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Api;

/// <summary>
/// The service's JSON, source-generated: strict on the way in (an unknown member, a missing or null field,
/// a number given as a string, an enum given as a number are all errors that name the field) and camel-case.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(PolicyList))]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class CrmJson : JsonSerializerContext
{
    /// <summary>
    /// The same, writing text as ASP.NET Core's own JSON does: only what JSON requires is escaped, so that a
    /// diagnostic's quotes read <c>'critcal'</c>, not <c>\u0027critcal\u0027</c>.
    /// </summary>
    public static CrmJson Http { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = Default, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

/// <summary>The answer of <c>GET /recovery/policies</c>.</summary>
/// <param name="Policies">Every loaded policy, in registration order.</param>
public sealed record PolicyList(IReadOnlyList<PolicyView> Policies);

/// <summary>One loaded policy, as <c>GET /recovery/policies</c> shows it.</summary>
/// <param name="Name">The name callers choose it by (<c>?policy=</c>): the file name without <c>.policy.yaml</c>.</param>
/// <param name="Id">The policy's id (its <c>policy:</c> key).</param>
/// <param name="Version">The policy's version.</param>
/// <param name="Hash">The hash of the policy in service; every decision names it.</param>
/// <param name="Source">The file it was loaded from.</param>
/// <param name="LoadedAt">When the policy in service was loaded.</param>
/// <param name="Healthy">False when the last reload failed (the previous policy stays in service).</param>
/// <param name="Diagnostics">The warnings of the policy in service, in the compiler format.</param>
/// <param name="FailedReloadDiagnostics">The errors of the last reload, when it failed; else empty.</param>
/// <param name="Shadow">The hash of the shadow candidate, when there is one.</param>
public sealed record PolicyView(
    string Name,
    string Id,
    string Version,
    string Hash,
    string Source,
    DateTimeOffset LoadedAt,
    bool Healthy,
    IReadOnlyList<string> Diagnostics,
    IReadOnlyList<string> FailedReloadDiagnostics,
    string? Shadow);

/// <summary>The answer of <c>/health</c>.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each check's status and description, by name.</param>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckView> Checks);

/// <summary>One health check's result.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Description">What the check found.</param>
public sealed record HealthCheckView(string Status, string? Description);

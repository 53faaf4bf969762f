using System.Net;
using System.Text.Json.Nodes;
using RecoveryRules;
using RecoveryRules.Yaml;
using static Crm.Api.Tests.Http;

namespace Crm.Api.Tests;

/// <summary>GET /recovery/policies and /health in memory (WebApplicationFactory).</summary>
public sealed class PolicyEndpointTests(CrmApiFactory factory) : IClassFixture<CrmApiFactory>
{
    [Fact]
    public async Task The_policies_endpoint_lists_each_loaded_policy_with_its_identity_source_and_health()
    {
        using HttpClient client = factory.CreateClient();
        DateTimeOffset asked = DateTimeOffset.UtcNow;

        JsonNode list = await GetJsonAsync(client, "/recovery/policies");

        JsonArray policies = list["policies"]!.AsArray();
        policies.Select(p => p.Text("name")).Should().BeEquivalentTo("retail", "retail-eu");
        foreach ((string name, string file) in new[] { ("retail", factory.Policies.Retail), ("retail-eu", factory.Policies.RetailEu) })
        {
            JsonNode policy = policies.Single(p => p.Text("name") == name)!;
            PolicyIdentity identity = PolicyYaml.LoadFile(file).Identity;
            policy.Text("id").Should().Be(identity.Id);
            policy.Text("version").Should().Be(identity.Version);
            policy.Text("hash").Should().Be(identity.Hash).And.StartWith("sha256:");
            policy.Text("source").Should().Be(file);
            policy["loadedAt"]!.GetValue<DateTimeOffset>().Should().BeOnOrBefore(asked).And.BeAfter(asked.AddMinutes(-5));
            policy.Text("healthy").Should().Be("true");
            policy.Text("diagnostics").Should().Be("[]");
            policy.Text("failedReloadDiagnostics").Should().Be("[]");
            policy.AsObject().Should().ContainKey("shadow").WhoseValue.Should().BeNull();
        }
    }

    [Fact]
    public async Task Health_is_healthy_while_every_policy_loaded()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/health", Cancel);
        JsonNode health = await BodyAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        health.Text("status").Should().Be("Healthy");
        health["checks"]!["recoveryrules"]!.Text("status").Should().Be("Healthy");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using RecoveryRules.Yaml;
using static Crm.Api.Tests.Http;

namespace Crm.Api.Tests;

/// <summary>
/// The service on a real Kestrel, on a free loopback port, driven by a real HttpClient, while the test edits
/// the policy files on disk: the new hash is served after an edit; a broken edit keeps the last good policy
/// in service and makes the service unhealthy until it is fixed.
/// </summary>
public sealed class LiveServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Editing_a_policy_file_serves_the_new_hash_over_real_http()
    {
        using var policies = new PolicyFolder();
        await using var service = await LiveService.StartAsync(policies);
        using var client = service.Client();
        (HttpResponseMessage first, JsonNode before) = await PostTicketAsync(client, "urgent-gold.json");
        first.Dispose();
        before.Text("policy.hash").Should().Be(PolicyYaml.LoadFile(policies.Retail).Identity.Hash);

        string edited = File.ReadAllText(policies.Retail)
            .Replace("version: \"2026.11\"", "version: \"2026.12\"", StringComparison.Ordinal)
            .Replace("escalate: { to: duty-manager, within: 1h }", "escalate: { to: duty-manager, within: 30m }", StringComparison.Ordinal);
        string expected = PolicyYaml.Load(edited, policies.Retail).Identity.Hash;
        expected.Should().NotBe(before.Text("policy.hash"));
        await File.WriteAllTextAsync(policies.Retail, edited, Cancel);

        JsonNode after = await PollAsync(client, async () =>
        {
            (HttpResponseMessage response, JsonNode decision) = await PostTicketAsync(client, "urgent-gold.json");
            using (response)
            {
                response.StatusCode.Should().Be(HttpStatusCode.OK, "every request is answered while the policy reloads");
            }

            return decision.Text("policy.hash") == expected ? decision : null;
        });
        after.Text("policy.version").Should().Be("2026.12");
        after.Text("escalation.within").Should().Be("PT30M");
        JsonNode listed = await GetJsonAsync(client, "/recovery/policies");
        listed["policies"]!.AsArray().Single(p => p.Text("name") == "retail").Text("hash").Should().Be(expected);
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_policy_in_service_and_the_service_unhealthy_until_fixed()
    {
        using var policies = new PolicyFolder();
        await using var service = await LiveService.StartAsync(policies);
        using var client = service.Client();
        string good = File.ReadAllText(policies.Retail);
        string goodHash = PolicyYaml.Load(good, policies.Retail).Identity.Hash;
        string broken = good.Replace("when: severity == critical and highValue", "when: severity == critcal and highValue", StringComparison.Ordinal);
        (int line, int column) = StartupTests.PositionOf(broken, "critcal");

        await File.WriteAllTextAsync(policies.Retail, broken, Cancel);

        await PollAsync(client, async () =>
        {
            using HttpResponseMessage response = await client.GetAsync("/health", Cancel);
            return response.StatusCode == HttpStatusCode.ServiceUnavailable ? await BodyAsync(response) : null;
        });
        (HttpResponseMessage served, JsonNode decision) = await PostTicketAsync(client, "urgent-gold.json");
        served.Dispose();
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        decision.Text("policy.hash").Should().Be(goodHash);
        JsonNode retail = (await GetJsonAsync(client, "/recovery/policies"))["policies"]!.AsArray().Single(p => p.Text("name") == "retail")!;
        retail.Text("healthy").Should().Be("false");
        retail.Text("hash").Should().Be(goodHash);
        retail["failedReloadDiagnostics"]!.AsArray().Select(d => d!.GetValue<string>())
            .Should().ContainSingle().Which.Should().StartWith($"{policies.Retail}({line},{column}): error RR0201: 'critcal' is not");

        await File.WriteAllTextAsync(policies.Retail, good.Replace("within: 1h", "within: 2h", StringComparison.Ordinal), Cancel);

        await PollAsync(client, async () =>
        {
            using HttpResponseMessage response = await client.GetAsync("/health", Cancel);
            return response.StatusCode == HttpStatusCode.OK ? await BodyAsync(response) : null;
        });
        JsonNode fixedPolicy = (await GetJsonAsync(client, "/recovery/policies"))["policies"]!.AsArray().Single(p => p.Text("name") == "retail")!;
        fixedPolicy.Text("healthy").Should().Be("true");
        fixedPolicy.Text("failedReloadDiagnostics").Should().Be("[]");
        fixedPolicy.Text("hash").Should().NotBe(goodHash);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_a_413_problem()
    {
        using var policies = new PolicyFolder();
        await using var service = await LiveService.StartAsync(policies);
        using var client = service.Client();
        string padded = Tickets.Text("urgent-gold.json").Replace("\"id\": \"T-1042\"", $"\"id\": \"T-{new string('0', 70_000)}\"", StringComparison.Ordinal);

        using HttpResponseMessage response = await PostJsonTextAsync(client, "/recovery/decisions", padded);
        JsonNode problem = await BodyAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.Text("title").Should().Be("The request cannot be read");
        problem.Text("status").Should().Be("413");
    }

    /// <summary>Asks again every 100 ms until the answer is not null, for at most <see cref="Deadline"/>.</summary>
    private static async Task<JsonNode> PollAsync(HttpClient client, Func<Task<JsonNode?>> ask)
    {
        _ = client;
        DateTimeOffset deadline = DateTimeOffset.UtcNow + Deadline;
        while (true)
        {
            if (await ask() is { } answer)
            {
                return answer;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, "the change should be served within {0}", Deadline);
            await Task.Delay(100, Cancel);
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using RecoveryRules;
using RecoveryRules.Yaml;
using static Crm.Api.Tests.Http;

namespace Crm.Api.Tests;

/// <summary>POST /recovery/decisions in memory (WebApplicationFactory): decisions, and every kind of bad input.</summary>
public sealed class DecisionEndpointTests(CrmApiFactory factory) : IClassFixture<CrmApiFactory>
{
    [Fact]
    public async Task A_ticket_gets_the_decision_of_the_default_policy_naming_its_hash()
    {
        using HttpClient client = factory.CreateClient();

        (HttpResponseMessage response, JsonNode decision) = await PostTicketAsync(client, "urgent-gold.json");

        using (response)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        }

        decision.Text("case").Should().Be("T-1042");
        decision.Text("policy.id").Should().Be("retail-recovery");
        decision.Text("policy.version").Should().Be("2026.11");
        decision.Text("policy.hash").Should().Be(PolicyYaml.LoadFile(factory.Policies.Retail).Identity.Hash);
        decision.Text("compensation.total").Should().Be("80.00");
        decision.Text("compensation.currency").Should().Be("USD");
        decision.Text("escalation.to").Should().Be("duty-manager");
        decision.Text("escalation.within").Should().Be("PT1H");
        decision.Text("fired").Should().Be("""["critical-high-value"]""");
    }

    [Theory]
    [InlineData("urgent-gold.json", null, "retail.policy.yaml",
        """{"id":"T-1042","severity":"critical","channel":"phone","occurredAt":"2026-12-01T09:30:00Z","customer":{"tier":"gold","value":12000},"orderValue":80,"failureType":"technical","proactive":false}""")]
    [InlineData("low-standard.json", "retail-eu", "retail-eu.policy.yaml",
        """{"id":"T-1043","severity":"minor","channel":"chat","occurredAt":"2026-12-01T09:30:00Z","customer":{"tier":"standard","value":150},"orderValue":20,"failureType":"information","proactive":false,"repeatFailures":2}""")]
    public async Task The_decision_for_a_ticket_is_the_policys_decision_for_the_same_facts_as_case_json(
        string ticket, string? policyName, string policyFile, string caseJson)
    {
        using HttpClient client = factory.CreateClient();
        RecoveryPolicy policy = PolicyYaml.LoadFile(Path.Combine(factory.PolicyPath, policyFile));

        (HttpResponseMessage response, JsonNode served) = await PostTicketAsync(client, ticket, policyName);
        response.Dispose();
        JsonNode expected = JsonNode.Parse(policy.EvaluateJson(caseJson).ToJson())!;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        served.AsObject().Remove("evaluatedAt");
        expected.AsObject().Remove("evaluatedAt");
        served.ToJsonString().Should().Be(expected.ToJsonString());
    }

    [Fact]
    public async Task The_policy_query_chooses_a_named_policy()
    {
        using HttpClient client = factory.CreateClient();

        (HttpResponseMessage response, JsonNode decision) = await PostTicketAsync(client, "urgent-gold.json", "retail-eu");
        response.Dispose();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        decision.Text("policy.id").Should().Be("retail-recovery-eu");
        decision.Text("policy.hash").Should().Be(PolicyYaml.LoadFile(factory.Policies.RetailEu).Identity.Hash);
        decision.Text("compensation.currency").Should().Be("EUR");
        decision.Text("escalation.within").Should().Be("PT2H");
    }

    [Fact]
    public async Task An_unknown_policy_name_is_a_404_problem_naming_it_and_the_known_policies()
    {
        using HttpClient client = factory.CreateClient();

        (HttpResponseMessage response, JsonNode problem) = await PostTicketAsync(client, "urgent-gold.json", "outlet");
        response.Dispose();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.Text("status").Should().Be("404");
        problem.Text("title").Should().Be("No such policy");
        problem.Text("detail").Should().Be("There is no policy named 'outlet'; the policies are 'retail-eu', 'retail'.");
        problem.Text("policy").Should().Be("outlet");
    }

    [Theory]
    [InlineData("not-json.json", "account.lifetimeValue", "The body is not valid JSON at 'account.lifetimeValue' (line 1, byte 87): '}' is an invalid start of a value.")]
    [InlineData("empty.json", "body", "The body is not valid JSON (line 1, byte 1): The input does not contain any JSON tokens.")]
    [InlineData("null.json", "body", "The body is null: it must be a ticket: a JSON object.")]
    [InlineData("missing-priority.json", "priority", "'priority' is missing: it must be one of low, normal, high, urgent.")]
    [InlineData("missing-lifetime-value.json", "account.lifetimeValue", "'account.lifetimeValue' is missing: it must be a number.")]
    [InlineData("unknown-member.json", "account.segment", "'account.segment' is not a field of 'account'; its fields are tier, lifetimeValue.")]
    [InlineData("unknown-priority.json", "priority", "'priority' has a value that cannot be read: it must be one of low, normal, high, urgent.")]
    [InlineData("total-as-text.json", "order.total", "'order.total' has a value that cannot be read: it must be a number.")]
    [InlineData("null-tier.json", "account.tier", "'account.tier' is null: it must be a string (standard, silver, gold or platinum).")]
    public async Task A_body_that_is_not_a_ticket_is_a_400_problem_naming_the_field(string ticket, string field, string detail)
    {
        using HttpClient client = factory.CreateClient();

        (HttpResponseMessage response, JsonNode problem) = await PostTicketAsync(client, ticket);
        response.Dispose();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.Text("status").Should().Be("400");
        problem.Text("title").Should().Be("The ticket is not valid");
        problem.Text("detail").Should().Be(detail);
        problem["errors"]!.AsObject().Select(e => e.Key).Should().Equal(field);
        problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal(detail);
    }

    [Theory]
    [InlineData("unknown-tier.json", "account.tier", "RR0403", "customer.tier", "The case field 'customer.tier' is 'bronze', which is not a member of scale 'tier'")]
    [InlineData("opened-in-the-future.json", "openedAt", "RR0410", "occurredAt", "'occurredAt' is 2999-01-01T00:00:00+00:00, after the engine's clock")]
    [InlineData("negative-total.json", "body", "RR0421", null, "cannot be negative")]
    public async Task A_ticket_the_policy_cannot_evaluate_is_a_400_problem_with_the_case_error(
        string ticket, string field, string errorId, string? caseField, string message)
    {
        using HttpClient client = factory.CreateClient();

        (HttpResponseMessage response, JsonNode problem) = await PostTicketAsync(client, ticket);
        response.Dispose();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.Text("title").Should().Be("The ticket cannot be evaluated");
        problem.Text("type").Should().Be("https://github.com/recoveryrules/recoveryrules/blob/main/docs/diagnostics.md#" + errorId.ToLowerInvariant());
        problem.Text("errorId").Should().Be(errorId);
        problem["caseField"]?.GetValue<string>().Should().Be(caseField);
        problem.Text("detail").Should().StartWith($"'{field}': ").And.Contain(message);
        problem["errors"]!.AsObject().Select(e => e.Key).Should().Equal(field);
    }

    [Fact]
    public async Task A_body_not_sent_as_json_is_a_415_problem()
    {
        using HttpClient client = factory.CreateClient();
        using var content = new StringContent(Tickets.Text("urgent-gold.json"), System.Text.Encoding.UTF8, "text/plain");

        using HttpResponseMessage response = await client.PostAsync("/recovery/decisions", content, Cancel);
        JsonNode problem = await BodyAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.Text("detail").Should().Be("The body must be sent as application/json, not text/plain; charset=utf-8.");
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/recovery/decision", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}

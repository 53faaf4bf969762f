using System.Text.Json.Nodes;

namespace Crm.Api.Tests;

/// <summary>Requests and JSON answers, shared by the in-memory and the real-HTTP tests.</summary>
public static class Http
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<(HttpResponseMessage Response, JsonNode Body)> PostTicketAsync(HttpClient client, string ticketFile, string? policy = null)
    {
        string uri = policy is null ? "/recovery/decisions" : $"/recovery/decisions?policy={Uri.EscapeDataString(policy)}";
        HttpResponseMessage response = await client.PostAsync(uri, Tickets.Json(ticketFile), Cancel);
        return (response, await BodyAsync(response));
    }

    public static async Task<JsonNode> GetJsonAsync(HttpClient client, string uri)
    {
        using HttpResponseMessage response = await client.GetAsync(uri, Cancel);
        return await BodyAsync(response);
    }

    public static async Task<JsonNode> BodyAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync(Cancel);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"The body is JSON null: {text}");
    }

    public static string Text(this JsonNode? node, string path)
    {
        JsonNode? current = node;
        foreach (string part in path.Split('.'))
        {
            current = current?[part];
        }

        return current is null ? "<absent>"
            : current.GetValueKind() == System.Text.Json.JsonValueKind.String ? current.GetValue<string>()
            : current.ToJsonString();
    }

    public static Task<HttpResponseMessage> PostJsonTextAsync(HttpClient client, string uri, string json) =>
        client.PostAsync(uri, Tickets.JsonText(json), Cancel);
}

using System.Net.Http.Headers;

namespace Crm.Api.Tests;

/// <summary>The ticket files under Data/tickets, as request bodies.</summary>
public static class Tickets
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "tickets", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static HttpContent Json(string name) => JsonText(Text(name));

    public static HttpContent JsonText(string json)
    {
        var content = new StringContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

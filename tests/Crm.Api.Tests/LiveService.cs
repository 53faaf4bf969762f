namespace Crm.Api.Tests;

/// <summary>
/// The example service built as its Program builds it (<see cref="CrmApplication.Create"/>), on a real Kestrel on a
/// free loopback port (Port=0), on the given policy folder, telemetry off.
/// </summary>
public sealed class LiveService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveService(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LiveService> StartAsync(PolicyFolder policies)
    {
        WebApplication app = CrmApplication.Create(
        [
            "--Port=0",
            $"--Policies:Folder={policies.Path}",
            "--Telemetry:Console=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        string url = app.Urls.Single();
        new Uri(url).IsLoopback.Should().BeTrue();
        return new LiveService(app, new Uri(url.TrimEnd('/') + "/"));
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Api.Tests;

/// <summary>
/// The example service in memory (TestServer), on its own copy of the policies, with OpenTelemetry's
/// console exporter off (it is the example's, not the tests').
/// </summary>
public sealed class CrmApiFactory : WebApplicationFactory<Program>
{
    private readonly PolicyFolder _policies = new();

    public string PolicyPath => _policies.Path;

    public PolicyFolder Policies => _policies;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Policies:Folder", _policies.Path);
        builder.UseSetting("Telemetry:Console", "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _policies.Dispose();
        }
    }
}

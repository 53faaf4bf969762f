using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Crm.Api.Tests;

/// <summary>OpenTelemetry is the example's: on with <c>Telemetry:Console=true</c> (its default), off in the tests.</summary>
public sealed class TelemetryTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_console_exporter_is_wired_only_when_the_setting_is_on(bool on)
    {
        using var policies = new PolicyFolder();
        await using WebApplication app = CrmApplication.Create(
        [
            "--Port=0",
            $"--Policies:Folder={policies.Path}",
            $"--Telemetry:Console={on}",
        ]);

        (app.Services.GetService<MeterProvider>() is not null).Should().Be(on);
        (app.Services.GetService<TracerProvider>() is not null).Should().Be(on);
    }
}

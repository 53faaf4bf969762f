using System.Diagnostics;
using Microsoft.Extensions.Options;
using static Crm.Api.Tests.Http;

namespace Crm.Api.Tests;

/// <summary>The service refuses to start with a policy it cannot serve, saying why in the compiler's format.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_broken_policy_stops_the_service_with_the_diagnostic_and_its_position()
    {
        using var policies = new PolicyFolder();
        (int line, int column) = Break(policies.Retail);
        await using WebApplication app = Create(policies);

        Func<Task> start = () => app.StartAsync(Cancel);

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain($"{policies.Retail}({line},{column}): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)");
    }

    [Fact]
    public async Task A_policy_the_ticket_mapping_does_not_fit_stops_the_service_naming_the_fact_and_the_mapping()
    {
        using var policies = new PolicyFolder();
        // The hotel policy declares no orderValue (the mapping writes it) and requires roomRate (unmapped).
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Data", "policies", "hotel.policy.yaml"), Path.Combine(policies.Path, "hotel.policy.yaml"));
        await using WebApplication app = Create(policies);

        Func<Task> start = () => app.StartAsync(Cancel);

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should()
            .Contain("hotel.policy.yaml(17,3): error RR0600: The fact 'roomRate' of policy 'hotel-recovery' has no default, but the case map of Ticket does not map it").And
            .Contain("error RR0601: The case map maps 'orderValue' (`t => t.Order.Total`), but policy 'hotel-recovery' declares no such fact");
    }

    [Fact]
    public async Task The_service_program_prints_each_diagnostic_on_a_line_and_exits_1_when_a_policy_is_broken()
    {
        using var policies = new PolicyFolder();
        (int line, int column) = Break(policies.Retail);
        string dll = Path.Combine(Repository.Root, "examples", "Crm.Api", "bin", Repository.Configuration, "net10.0", "Crm.Api.dll");
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [dll, "--Port=0", $"--Policies:Folder={policies.Path}", "--Telemetry:Console=false", "--Logging:LogLevel:Default=None"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using Process process = Process.Start(startInfo)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(Cancel);
        string[] errors = (await process.StandardError.ReadToEndAsync(Cancel)).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        await process.WaitForExitAsync(Cancel);

        process.ExitCode.Should().Be(1, await output);
        errors.Should().Equal(
            "The service did not start:",
            $"{policies.Retail}({line},{column}): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)");
    }

    internal static (int Line, int Column) PositionOf(string text, string token)
    {
        int index = text.IndexOf(token, StringComparison.Ordinal);
        int lineStart = text.LastIndexOf('\n', index) + 1;
        return (text[..index].Count(c => c == '\n') + 1, index - lineStart + 1);
    }

    /// <summary>Misspells 'critical' in the retail policy's first rule; returns the one-based position of the misspelling.</summary>
    private static (int Line, int Column) Break(string retail)
    {
        string text = File.ReadAllText(retail);
        string broken = text.Replace("when: severity == critical and highValue", "when: severity == critcal and highValue", StringComparison.Ordinal);
        broken.Should().NotBe(text);
        File.WriteAllText(retail, broken);
        return PositionOf(broken, "critcal");
    }

    private static WebApplication Create(PolicyFolder policies) => CrmApplication.Create(
    [
        "--Port=0",
        $"--Policies:Folder={policies.Path}",
        "--Telemetry:Console=false",
        "--Logging:LogLevel:Default=None",
    ]);
}

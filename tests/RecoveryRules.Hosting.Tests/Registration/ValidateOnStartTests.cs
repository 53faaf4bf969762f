using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryRules.Hosting.Tests.Support;

namespace RecoveryRules.Hosting.Tests.Registration;

public sealed class ValidateOnStartTests
{
    [Fact]
    public async Task A_broken_policy_stops_the_host_with_every_diagnostic_in_the_message()
    {
        using var folder = new PolicyDirectory();
        folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        string broken = folder.Copy("Broken/two-errors.policy.yaml", "broken.policy.yaml");
        using IHost host = TestHost.Build(rules => rules.AddPolicyFolder(folder.Root));

        Func<Task> start = () => host.StartAsync(TestContext.Current.CancellationToken);

        OptionsValidationException exception = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        exception.Failures.Should().Equal(
            $"{broken}(7,23): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)",
            $"{broken}(10,27): error RR0201: 'orderValu' is not a fact, define or member (did you mean 'orderValue'?)");
        exception.Message.Should().Contain($"{broken}(7,23): error RR0201:").And.Contain($"{broken}(10,27): error RR0201:");
        exception.OptionsType.Should().Be<RecoveryRulesOptions>();
    }

    [Fact]
    public void Without_a_host_resolving_the_engine_throws_the_same_exception()
    {
        var services = new ServiceCollection();
        services.AddRecoveryRules(rules => rules.AddPolicyText("broken", PolicyDirectory.Data("Broken/two-errors.policy.yaml"), "broken.yaml"));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.Invoking(p => p.GetRequiredService<IRecoveryEngine>()).Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Equal(
                "broken.yaml(7,23): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)",
                "broken.yaml(10,27): error RR0201: 'orderValu' is not a fact, define or member (did you mean 'orderValue'?)");
    }

    [Fact]
    public void Null_reader_options_stop_the_engine_with_one_failure_naming_them()
    {
        var services = new ServiceCollection();
        services.AddRecoveryRules(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"), "retail.yaml")
            .Configure(options => options.ReaderOptions = null!));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.Invoking(p => p.GetRequiredService<IRecoveryEngine>()).Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Equal("error: RecoveryRulesOptions.ReaderOptions is null.");
    }

    [Fact]
    public void The_reader_options_limits_apply_to_every_policy_the_host_loads()
    {
        var services = new ServiceCollection();
        services.AddRecoveryRules(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"), "retail.yaml")
            .Configure(options => options.ReaderOptions = new Yaml.PolicyReaderOptions { MaxDocumentLength = 64 }));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.Invoking(p => p.GetRequiredService<IRecoveryEngine>()).Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().ContainSingle().Which.Should().StartWith("retail.yaml(1,1): error RR0002: ");
    }

    [Fact]
    public async Task A_missing_policy_file_stops_the_host_with_its_read_diagnostic()
    {
        using var folder = new PolicyDirectory();
        string missing = folder.PathOf("missing.policy.yaml");
        using IHost host = TestHost.Build(rules => rules.AddPolicyFile(missing));

        Func<Task> start = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle()
            .Which.Should().StartWith($"{missing}(1,1): error RR0024: ");
    }

    [Fact]
    public async Task A_mapping_that_does_not_fit_a_policy_stops_the_host_with_its_bind_diagnostics()
    {
        using IHost host = TestHost.Build(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"), "retail.yaml")
            .MapCase<Ticket>(map => map
                .Severity(t => t.Priority)
                .Channel(t => t.Source)
                .Delay(t => t.Waiting)
                .Fact("refundLimit", t => t.OrderTotal)));

        Func<Task> start = () => host.StartAsync(TestContext.Current.CancellationToken);

        OptionsValidationException exception = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        string[] failures = [.. exception.Failures];
        failures.Select(f => f[..f.IndexOf(": ", f.IndexOf("error RR", StringComparison.Ordinal), StringComparison.Ordinal)])
            .Should().Equal("retail.yaml(1,1): error RR0601", "retail.yaml(6,3): error RR0600");
        failures[0].Should().Contain("'refundLimit' (`t => t.OrderTotal`)");
        failures[1].Should().Contain("'orderValue'");
        exception.Message.Should().Contain(failures[0]).And.Contain(failures[1]);
    }

    [Fact]
    public async Task No_policy_an_unknown_default_and_a_shadow_of_an_unknown_policy_stop_the_host()
    {
        using IHost none = TestHost.Build(_ => { });
        using IHost unknown = TestHost.Build(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"))
            .UseDefaultPolicy("outlet")
            .AddShadowPolicy("outlet", "candidate.policy.yaml", 0.5));
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        (await none.Invoking(h => h.StartAsync(cancellationToken)).Should().ThrowAsync<OptionsValidationException>())
            .Which.Failures.Should().Equal("error: no policy is registered: call AddPolicyFile, AddPolicyFolder, AddPolicyText or AddPolicyStream in AddRecoveryRules.");
        (await unknown.Invoking(h => h.StartAsync(cancellationToken)).Should().ThrowAsync<OptionsValidationException>())
            .Which.Failures.Should().Equal(
                "error: AddShadowPolicy(\"outlet\", …): no policy is named 'outlet'; the policies are: retail.",
                "error: UseDefaultPolicy(\"outlet\"): no policy is named 'outlet'; the policies are: retail.");
    }

    [Fact]
    public async Task A_stream_that_cannot_be_read_stops_the_host_naming_the_policy()
    {
        using IHost host = TestHost.Build(rules => rules.AddPolicyStream("retail", () => throw new IOException("disk gone"), "retail.yaml"));

        Func<Task> start = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should()
            .Equal("retail.yaml: error: policy 'retail': the stream could not be read: disk gone");
    }

    [Fact]
    public async Task A_broken_shadow_candidate_stops_the_host_too()
    {
        using var folder = new PolicyDirectory();
        string candidate = folder.Copy("retail-broken.policy.yaml", "candidate.policy.yaml");
        using IHost host = TestHost.Build(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"))
            .AddShadowPolicy("retail", candidate, 0.5));

        Func<Task> start = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Equal(
            $"{candidate}(9,23): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' (did you mean 'critical'?)");
    }
}

using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecoveryRules.Hosting.Tests.Support;

namespace RecoveryRules.Hosting.Tests.Registration;

public sealed class SourceTests
{
    private const string CriticalCase = """{"id":"c-1","severity":"critical","channel":"phone","delay":"3h","customer":{"tier":"gold","value":100},"orderValue":80}""";

    [Fact]
    public async Task A_policy_file_is_served_under_its_file_name()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules.AddPolicyFile(file));

        IRecoveryEngine engine = host.Engine();
        engine.Policies.Should().ContainSingle().Which.Should().Match<PolicyStatus>(p =>
            p.Name == "retail" && p.Source == file && p.IsHealthy && p.FailedReloadDiagnostics.IsEmpty && p.Shadow == null);
        CaseResult result = engine.EvaluateJson(CriticalCase);
        result.Decision!.Compensation.Total.Should().Be(80m);
        result.Decision.Policy.Should().Be(engine.GetPolicy().Identity);
        engine.GetPolicy("retail").Identity.Id.Should().Be("retail-recovery");
    }

    [Fact]
    public async Task A_policy_file_can_be_given_another_name()
    {
        using var folder = new PolicyDirectory();
        string file = folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        using IHost host = await TestHost.StartAsync(rules => rules.AddPolicyFile(file, "shop"));

        host.Engine().Policies.Select(p => p.Name).Should().Equal("shop");
        host.Engine().EvaluateJson(CriticalCase, "shop").IsDecision.Should().BeTrue();
    }

    [Fact]
    public async Task Each_policy_file_of_a_folder_is_a_named_policy()
    {
        using var folder = new PolicyDirectory();
        folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        folder.Copy("outlet.policy.yaml", "outlet.policy.yaml");
        folder.Write("notes.txt", "not a policy");
        using IHost host = await TestHost.StartAsync(rules => rules.AddPolicyFolder(folder.Root));

        IRecoveryEngine engine = host.Engine();
        engine.Policies.Select(p => p.Name).Should().Equal("outlet", "retail");
        engine.EvaluateJson(CriticalCase, "retail").Decision!.Compensation.Should().Match<CompensationDecision>(c => c.Total == 80m && c.Currency == "USD");
        engine.EvaluateJson(CriticalCase, "outlet").Decision!.Compensation.Should().Match<CompensationDecision>(c => c.Total == 20m && c.Currency == "EUR");
        engine.GetPolicy().Identity.Id.Should().Be("outlet-recovery", "the first registered policy is the default");
    }

    [Fact]
    public async Task A_policy_text_is_compiled_with_the_path_it_is_given()
    {
        using IHost host = await TestHost.StartAsync(rules => rules.AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"), "config/retail.yaml"));

        host.Engine().Policies.Single().Should().Match<PolicyStatus>(p => p.Name == "retail" && p.Source == "config/retail.yaml");
        host.Engine().EvaluateJson(CriticalCase).Decision!.Compensation.Total.Should().Be(80m);
    }

    [Fact]
    public async Task A_policy_stream_is_read_once_and_disposed()
    {
        var opened = 0;
        var stream = new TrackedStream(Encoding.UTF8.GetBytes(PolicyDirectory.Data("retail.policy.yaml")));
        using IHost host = await TestHost.StartAsync(rules => rules.AddPolicyStream("retail", () =>
        {
            opened++;
            return stream;
        }));

        host.Engine().EvaluateJson(CriticalCase).Decision!.Compensation.Total.Should().Be(80m);
        opened.Should().Be(1);
        stream.Disposed.Should().BeTrue();
    }

    [Fact]
    public async Task A_named_policy_is_chosen_per_call_and_the_default_can_be_set()
    {
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"))
            .AddPolicyText("outlet", PolicyDirectory.Data("outlet.policy.yaml"))
            .UseDefaultPolicy("outlet"));

        IRecoveryEngine engine = host.Engine();
        engine.EvaluateJson(CriticalCase).Decision!.Policy.Id.Should().Be("outlet-recovery");
        engine.EvaluateJson(CriticalCase, "retail").Decision!.Policy.Id.Should().Be("retail-recovery");
        engine.EvaluateJson(CriticalCase, "RETAIL").Decision!.Policy.Id.Should().Be("retail-recovery", "policy names ignore case");
    }

    [Fact]
    public async Task An_unknown_policy_name_is_an_argument_error_naming_the_known_ones()
    {
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"))
            .AddPolicyText("outlet", PolicyDirectory.Data("outlet.policy.yaml")));

        IRecoveryEngine engine = host.Engine();
        engine.Invoking(e => e.EvaluateJson(CriticalCase, "outet")).Should().Throw<ArgumentException>()
            .WithMessage("No policy is named 'outet'; the policies are: retail, outlet.*").Which.ParamName.Should().Be("policy");
        engine.Invoking(e => e.GetPolicy("nope")).Should().Throw<ArgumentException>().WithMessage("No policy is named 'nope'*");
        engine.Invoking(e => e.Evaluate(Ticket.Critical(), "nope")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task An_unmapped_type_is_an_invalid_operation_saying_to_call_MapCase()
    {
        using IHost host = await TestHost.StartAsync(rules => rules.AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml")));

        host.Engine().Invoking(e => e.Evaluate(Ticket.Critical())).Should().Throw<InvalidOperationException>()
            .WithMessage("*Ticket has no case mapping: call MapCase<Ticket>(map => …) in AddRecoveryRules.");
    }

    [Fact]
    public async Task A_mapped_ticket_is_evaluated_and_its_case_error_is_a_value_or_a_CaseException()
    {
        using IHost host = await TestHost.StartAsync(rules => rules
            .AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml"))
            .MapTickets()
            .Configure(options => options.Explain = true));
        IRecoveryEngine engine = host.Engine();

        Decision decision = engine.Evaluate(Ticket.Critical("t-7"));
        decision.Should().Match<Decision>(d => d.CaseId == "t-7" && d.Compensation.Total == 80m && d.Escalation!.To == "duty-manager");
        decision.Explanation.Should().NotBeNull("the options ask for explanations");
        decision.Policy.Hash.Should().Be(engine.GetPolicy().Identity.Hash);

        Ticket urgent = Ticket.Critical("t-8") with { Priority = "urgent" };
        engine.TryEvaluate(urgent, out Decision? none, out CaseError? error).Should().BeFalse();
        none.Should().BeNull();
        error!.Should().Match<CaseError>(e => e.CaseId == "t-8" && e.Field == "severity");
        engine.Invoking(e => e.Evaluate(urgent)).Should().Throw<CaseException>().Which.Error.Should().Be(error);
    }

    [Fact]
    public void Bad_JSON_is_a_case_error_not_an_exception()
    {
        using IHost host = TestHost.Build(rules => rules.AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml")));

        CaseResult result = host.Engine().EvaluateJson("{ not json");
        result.IsDecision.Should().BeFalse();
        result.Error!.Id.Should().StartWith("RR04");
    }

    [Fact]
    public void Two_policies_with_the_same_name_are_refused_when_registered()
    {
        using var first = new PolicyDirectory();
        using var second = new PolicyDirectory();
        string a = first.Copy("retail.policy.yaml", "retail.policy.yaml");
        string b = second.Copy("retail-v2.policy.yaml", "Retail.policy.yaml");
        var services = new ServiceCollection();

        var register = () => services.AddRecoveryRules(rules => rules.AddPolicyFile(a).AddPolicyFile(b));

        register.Should().Throw<ArgumentException>().WithMessage(
            $"Two policies are named 'Retail': '{a}' and '{b}' (policy names ignore case). Give one of them another name: AddPolicyFile(path, name).*");
    }

    [Fact]
    public void Two_files_of_a_folder_with_the_same_policy_name_are_refused_and_neither_is_added()
    {
        using var folder = new PolicyDirectory();
        folder.Copy("retail.policy.yaml", "retail.policy.yaml");
        folder.Copy("retail-v2.policy.yaml", "retail.yaml");
        var services = new ServiceCollection();

        var register = () => services.AddRecoveryRules(rules => rules.AddPolicyFolder(folder.Root, "*.yaml"));

        register.Should().Throw<ArgumentException>().WithMessage("Two policies are named 'retail': *retail.policy.yaml' and '*retail.yaml'*");
    }

    [Fact]
    public void A_folder_without_policies_and_a_missing_folder_are_refused_when_registered()
    {
        using var folder = new PolicyDirectory();
        folder.Write("readme.txt", "no policies here");
        var services = new ServiceCollection();

        services.Invoking(s => s.AddRecoveryRules(rules => rules.AddPolicyFolder(folder.Root))).Should().Throw<ArgumentException>()
            .WithMessage($"The policy folder '{folder.Root}' has no file matching '*.policy.yaml'.*");
        string missing = folder.PathOf("missing");
        services.Invoking(s => s.AddRecoveryRules(rules => rules.AddPolicyFolder(missing))).Should().Throw<DirectoryNotFoundException>()
            .WithMessage($"The policy folder '{missing}' does not exist.");
    }

    [Fact]
    public async Task A_second_AddRecoveryRules_adds_to_the_first_and_registers_one_engine()
    {
        using IHost host = await TestHost.StartAsync(
            rules => rules.AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml")),
            services => services.AddRecoveryRules(rules => rules.AddPolicyText("outlet", PolicyDirectory.Data("outlet.policy.yaml"))));

        host.Engine().Policies.Select(p => p.Name).Should().Equal("retail", "outlet");
        host.Services.GetServices<IRecoveryEngine>().Should().ContainSingle();
        host.Services.GetServices<IHostedService>().Should().ContainSingle(s => s.GetType().Name == "PolicyWatcher");
    }

    [Fact]
    public void A_policy_registered_twice_under_one_name_is_refused()
    {
        var services = new ServiceCollection();
        services.AddRecoveryRules(rules => rules.AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml")));

        services.Invoking(s => s.AddRecoveryRules(rules => rules.AddPolicyText("retail", PolicyDirectory.Data("outlet.policy.yaml"))))
            .Should().Throw<ArgumentException>().WithMessage("Two policies are named 'retail': 'policy.yaml' and 'policy.yaml'*");
    }

    [Fact]
    public void The_engine_is_one_singleton_without_a_host_too()
    {
        var services = new ServiceCollection();
        services.AddRecoveryRules(rules => rules.AddPolicyText("retail", PolicyDirectory.Data("retail.policy.yaml")));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IRecoveryEngine>().Should().BeSameAs(provider.GetRequiredService<IRecoveryEngine>());
        provider.GetRequiredService<IRecoveryEngine>().EvaluateJson(CriticalCase).IsDecision.Should().BeTrue();
    }

    [Fact]
    public void Shadow_shares_outside_zero_to_one_and_a_second_candidate_are_refused()
    {
        var services = new ServiceCollection();

        services.Invoking(s => s.AddRecoveryRules(rules => rules.AddShadowPolicy("retail", "candidate.policy.yaml", 1.5)))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("share");
        services.Invoking(s => s.AddRecoveryRules(rules => rules.AddShadowPolicy("retail", "candidate.policy.yaml", double.NaN)))
            .Should().Throw<ArgumentOutOfRangeException>();
        services.Invoking(s => s.AddRecoveryRules(rules => rules
                .AddShadowPolicy("retail", "a.policy.yaml", 0.5)
                .AddShadowPolicy("Retail", "b.policy.yaml", 0.5)))
            .Should().Throw<ArgumentException>().WithMessage("The policy 'Retail' already has the shadow candidate 'a.policy.yaml'*");
    }

    private sealed class TrackedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}

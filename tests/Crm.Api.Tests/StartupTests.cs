using Microsoft.Extensions.Options;

namespace Crm.Api.Tests;

/// <summary>The service refuses to start with a policy it cannot serve, saying why in the compiler's format.</summary>
public sealed class StartupTests
{
    [Fact]
    public void A_broken_policy_stops_the_service_with_the_diagnostic_and_its_position()
    {
        using var factory = new CrmApiFactory();
        string text = File.ReadAllText(factory.Policies.Retail);
        string broken = text.Replace("when: severity == critical and highValue", "when: severity == critcal and highValue", StringComparison.Ordinal);
        broken.Should().NotBe(text);
        File.WriteAllText(factory.Policies.Retail, broken);
        (int line, int column) = PositionOf(broken, "critcal");

        Action start = () => factory.CreateClient().Dispose();

        start.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain($"{factory.Policies.Retail}({line},{column}): error RR0201: 'critcal' is not");
    }

    [Fact]
    public void A_policy_the_ticket_mapping_does_not_fit_stops_the_service_naming_the_fact()
    {
        using var factory = new CrmApiFactory();
        // The hotel policy declares no orderValue (the mapping writes it) and requires roomRate (unmapped).
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Data", "policies", "hotel.policy.yaml"), Path.Combine(factory.PolicyPath, "hotel.policy.yaml"));

        Action start = () => factory.CreateClient().Dispose();

        start.Should().Throw<OptionsValidationException>()
            .Which.Message.Should()
            .Contain("hotel.policy.yaml(17,3): error RR0600: The fact 'roomRate' of policy 'hotel-recovery' has no default, but the case map of Ticket does not map it").And
            .Contain("error RR0601: The case map maps 'orderValue' (`t => t.Order.Total`), but policy 'hotel-recovery' declares no such fact");
    }

    internal static (int Line, int Column) PositionOf(string text, string token)
    {
        int index = text.IndexOf(token, StringComparison.Ordinal);
        int lineStart = text.LastIndexOf('\n', index) + 1;
        return (text[..index].Count(c => c == '\n') + 1, index - lineStart + 1);
    }
}

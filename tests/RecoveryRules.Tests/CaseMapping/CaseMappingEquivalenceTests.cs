using CsCheck;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Fuzzing;

namespace RecoveryRules.Tests.CaseMapping;

/// <summary>
/// Differential tests: a ticket mapped with a <see cref="CaseMapping{TSource}"/> and the same ticket written as
/// case JSON by hand (<see cref="Tickets.Json"/>) give the same decision, byte for byte, or the same case error
/// (id, message, field), for generated tickets full of hostile values, in every rule execution, explaining or not.
/// </summary>
public sealed class CaseMappingEquivalenceTests
{
    private static readonly Gen<string?> Texts = Gen.OneOf(
        Gen.OneOf<string?>(
            null, "critical", "phone", "chat", "email", "Phone", "gold", "silver", "standard", "Gold", "gold ", "platinum", "retail",
            "\ud800", "go\udc00ld", "", "\0", "😀", "a\"b\\c", "80 USD", "3h"),
        Gen.String.Select(s => (string?)s));

    private static readonly Gen<decimal> Decimals = Gen.OneOf(
        Gen.Decimal,
        Gen.OneOf(
            decimal.MaxValue, decimal.MinValue, 5e28m, -5e28m, 0.0000000000000000000000000001m, 1.50m, 80.500m, 0m,
            new decimal(0, 0, 0, true, 3), -1m, 12000m, 10000m, 80m, 1234567890.1234567890123456789m),
        Gen.Int[0, 100000].Select(i => i / 100m));

    private static readonly Gen<TimeSpan?> Waits = Gen.OneOf(
        Gen.Long.Select(ticks => (TimeSpan?)TimeSpan.FromTicks(ticks)),
        Gen.Long[0, TimeSpan.TicksPerDay * 4].Select(ticks => (TimeSpan?)TimeSpan.FromTicks(ticks)),
        Gen.OneOf<TimeSpan?>(null, null, TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.Zero, TimeSpan.FromHours(3), TimeSpan.FromMinutes(-1)));

    private static readonly Gen<DateTimeOffset?> Moments = Gen.OneOf(
        Gen.OneOf<DateTimeOffset?>(null, null, null, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(14))),
        Gen.Select(Gen.Long[-TimeSpan.TicksPerDay * 30, TimeSpan.TicksPerDay], Gen.Int[-14 * 60, 14 * 60],
            (ticks, minutes) => (DateTimeOffset?)new DateTimeOffset(new DateTime(2026, 11, 22, 10, 0, 0).AddTicks(ticks), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(minutes))));

    private static readonly Gen<Ticket> AnyTickets = Gen.Select(
        Gen.Select(Texts, Gen.Int[-1, 5], Texts, Waits, Moments, (number, priority, source, waiting, openedAt) => (number, priority, source, waiting, openedAt)),
        Gen.Select(
            Gen.OneOf(Gen.Const((Account?)null), Gen.Select(Texts, Decimals, (tier, value) => (Account?)new Account(tier, value))),
            Gen.OneOf(Gen.Const((Order?)null), Decimals.Select(total => (Order?)new Order(total))),
            Gen.OneOf(Gen.Const((int?)null), Gen.Int.Select(i => (int?)i), Gen.Int[0, 6].Select(i => (int?)i)),
            Gen.OneOf(Gen.Const((FailureKind?)null), Gen.Int[-1, 8].Select(i => (FailureKind?)i)),
            Gen.OneOf(Gen.Const((bool?)null), Gen.Bool.Select(b => (bool?)b)),
            Texts,
            (account, order, repeat, failure, proactive, segment) => (account, order, repeat, failure, proactive, segment)),
        (a, b) => new Ticket
        {
            Number = a.number,
            Priority = (Priority)a.priority,
            Source = a.source,
            Waiting = a.waiting,
            OpenedAt = a.openedAt,
            Account = b.account,
            Order = b.order,
            RepeatCount = b.repeat,
            Failure = b.failure,
            Proactive = b.proactive,
            Segment = b.segment,
        });

    /// <summary>Tickets that mostly fit the policy, so that many are decided, not only rejected.</summary>
    private static readonly Gen<Ticket> FittingTickets = Gen.Select(
        AnyTickets, Gen.Int[0, 3], Gen.OneOf("phone", "chat", "email"), Gen.OneOf("gold", "silver", "standard", "platinum"),
        Gen.Long[0, TimeSpan.TicksPerDay * 3], Gen.OneOf(FailureKind.INFORMATION, FailureKind.OPERATION, FailureKind.TECHNICAL), Gen.Bool, Decimals,
        (ticket, priority, channel, tier, wait, failure, proactive, total) => ticket with
        {
            Number = ticket.Number ?? "t-1",
            Priority = (Priority)priority,
            Source = channel,
            Waiting = TimeSpan.FromTicks(wait),
            OpenedAt = null,
            Account = new Account(tier, total),
            Order = new Order(Math.Abs(total)),
            Failure = failure,
            Proactive = proactive,
        });

    [Theory]
    [InlineData("retail", false, true)]
    [InlineData("retail", false, false)]
    [InlineData("cases", true, true)]
    [InlineData("cases", true, false)]
    public void A_mapped_ticket_and_the_same_ticket_as_json_give_the_same_decision_or_the_same_error(string policyName, bool segment, bool optional)
    {
        var policies = CaseFuzzing.Policy(policyName);
        var mappings = policies.Select(p => Tickets.Map(segment, optional).Bind(p)).ToArray();
        var decided = 0;
        var rejected = 0;
        Gen.OneOf(AnyTickets, FittingTickets).Sample(
            ticket =>
            {
                var json = Tickets.Json(ticket, segment, optional);
                for (var i = 0; i < policies.Length; i++)
                {
                    foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
                    {
                        var expected = policies[i].EvaluateJson(json, options);
                        var actual = mappings[i].EvaluateResult(ticket, options);
                        actual.ToJson().Should().Be(expected.ToJson(), json);
                        actual.Error.Should().Be(expected.Error, json);
                        actual.Error?.Id.Should().NotBe(RecoveryDiagnostics.InternalCaseError.Id, json);
                        Interlocked.Increment(ref actual.IsDecision ? ref decided : ref rejected);
                    }

                    // A case made from the ticket, kept and evaluated later, decides alike.
                    var made = mappings[i].TryCreateCase(ticket, out var recoveryCase, out var error);
                    var read = policies[i].TryReadCase(json, out var readCase, out var readError);
                    made.Should().Be(read, json);
                    if (made)
                    {
                        policies[i].EvaluateJson(json).ToJson().Should().Be(
                            policies[i].TryEvaluate(recoveryCase!, out var decision, out var evaluationError) ? decision.ToJson() : evaluationError!.ToJson(), json);
                    }
                    else
                    {
                        error.Should().Be(readError, json);
                    }
                }
            },
            iter: CaseFuzzing.Iterations,
            print: ticket => Tickets.Json(ticket, segment, optional));

        decided.Should().BeGreaterThan(0, "some generated tickets fit the policy");
        rejected.Should().BeGreaterThan(0, "some generated tickets do not");
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CsCheck;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Fuzzing;

namespace RecoveryRules.Tests.CaseMapping;

/// <summary>
/// Whatever a ticket holds and whatever its mapping expressions do (throw, divide by zero, parse hostile text, pass
/// null on), mapping it is a decision or a case error, never an exception (but <see cref="CaseException"/> from
/// <see cref="CaseMapping{TSource}.Evaluate"/>), never RR0429; and the values a mapping writes directly are those the
/// same value written as JSON reads back as.
/// </summary>
public sealed class CaseMappingFuzzTests
{
    private static readonly Gen<string?> Texts = Gen.OneOf(
        Gen.OneOf<string?>(null, "critical", "phone", "gold", "80", "-1", "79228162514264337593543950336", "1e400", "\ud800", "x\udfffy", "", "technical", "3h", "80 USD"),
        Gen.String.Select(s => (string?)s),
        Gen.Char.Array[0, 40].Select(chars => (string?)new string(chars)));

    private static readonly Gen<decimal> Decimals = Gen.OneOf(
        Gen.Decimal,
        Gen.OneOf(decimal.MaxValue, decimal.MinValue, 0m, new decimal(0, 0, 0, true, 28), -1m, 0.0000000000000000000000000001m));

    private static readonly Gen<Ticket> Tickets = Gen.Select(
        Gen.Select(Texts, Gen.Int, Texts, Gen.OneOf(Gen.Long.Select(t => (TimeSpan?)TimeSpan.FromTicks(t)), Gen.Const((TimeSpan?)null)), (n, p, s, w) => (n, p, s, w)),
        Gen.Select(
            Gen.OneOf(Gen.Const((Account?)null), Gen.Select(Texts, Decimals, (tier, value) => (Account?)new Account(tier, value))),
            Gen.OneOf(Gen.Const((Order?)null), Decimals.Select(total => (Order?)new Order(total))),
            Gen.OneOf(Gen.Const((int?)null), Gen.Int.Select(i => (int?)i)),
            Gen.OneOf(Gen.Const((FailureKind?)null), Gen.Int.Select(i => (FailureKind?)i)),
            Gen.OneOf(Gen.Const((bool?)null), Gen.Bool.Select(b => (bool?)b)),
            Texts,
            (a, o, r, f, p, s) => (a, o, r, f, p, s)),
        (x, y) => new Ticket
        {
            Number = x.n, Priority = (Priority)x.p, Source = x.s, Waiting = x.w, Account = y.a, Order = y.o,
            RepeatCount = y.r, Failure = y.f, Proactive = y.p, Segment = y.s,
        });

    /// <summary>A map whose expressions do what hosts' expressions do: parse, divide, index, call methods that throw on null.</summary>
    private static CaseMap<Ticket> HostileMap { get; } = CaseMap<Ticket>.Create(m => m
        .Id(t => t.Number!.Trim())
        .Severity(t => t.Source!.Length > 3 ? t.Priority : Priority.Minor)
        .Channel(t => t.Source!.Substring(0, 5))
        .Delay(t => t.Waiting!.Value + TimeSpan.FromTicks(t.RepeatCount ?? 0))
        .Customer(t => t.Account!.Tier!.ToLowerInvariant(), t => t.Account!.Value * 1000)
        .Fact("orderValue", t => decimal.Parse(t.Segment!, NumberStyles.Float, CultureInfo.InvariantCulture) / t.Order!.Total)
        .Fact("repeatFailures", t => checked(t.RepeatCount!.Value * 1000))
        .Fact("failureType", t => t.Segment![0] == 'x' ? "technical" : t.Segment)
        .Fact("proactive", t => t.Proactive ?? t.Segment!.Length > 2));

    [Theory]
    [InlineData("retail")]
    [InlineData("cases")]
    public void Any_ticket_under_a_hostile_map_is_a_decision_or_a_case_error(string policyName)
    {
        var mappings = CaseFuzzing.Policy(policyName).Select(p => HostileMap.Bind(p)).ToArray();
        Tickets.Sample(
            ticket =>
            {
                var outcomes = new List<string>();
                foreach (var mapping in mappings)
                {
                    foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
                    {
                        var result = mapping.EvaluateResult(ticket, options);
                        result.Error?.Id.Should().NotBe(RecoveryDiagnostics.InternalCaseError.Id, result.Error?.Message);
                        mapping.TryEvaluate(ticket, out var decision, out var error, options).Should().Be(result.IsDecision);
                        (decision?.ToJson() ?? error!.ToJson()).Should().Be(result.ToJson());
                        try
                        {
                            mapping.Evaluate(ticket, options).ToJson().Should().Be(result.ToJson());
                        }
                        catch (CaseException exception)
                        {
                            exception.Error.Should().Be(result.Error);
                        }

                        if (!options.Explain)
                        {
                            outcomes.Add(result.ToJson());
                        }
                    }

                    mapping.TryCreateCase(ticket, out _, out var caseError).Should().Be(caseError is null);
                }

                outcomes.Distinct().Should().ContainSingle("interpreted, compiled and tiered policies map and decide alike");
            },
            iter: CaseFuzzing.Iterations);
    }

    [Fact]
    public void A_decimal_written_directly_is_the_decimal_its_json_number_reads_back_as()
    {
        Decimals.Sample(
            value =>
            {
                new BuiltCaseValue(value).TryGetDecimal(out var direct).Should().BeTrue();
                decimal.GetBits(direct).Should().Equal(decimal.GetBits(ThroughJson(value)), value.ToString(CultureInfo.InvariantCulture));
            },
            iter: CaseFuzzing.Iterations * 10);

        for (byte scale = 0; scale <= 28; scale++)
        {
            foreach (var negative in new[] { false, true })
            {
                var zero = new decimal(0, 0, 0, negative, scale);
                new BuiltCaseValue(zero).TryGetDecimal(out var direct).Should().BeTrue();
                decimal.GetBits(direct).Should().Equal(decimal.GetBits(ThroughJson(zero)), $"a {(negative ? "negative " : string.Empty)}zero of scale {scale}");
            }
        }
    }

    [Fact]
    public void A_whole_second_duration_written_directly_is_the_seconds_its_division_gives()
    {
        Gen.OneOf(Gen.Long[0, long.MaxValue], Gen.Long[0, 100_000_000].Select(s => s * TimeSpan.TicksPerSecond)).Sample(
            ticks =>
            {
                BuiltCaseValue.TryGetSeconds(ticks, out var seconds).Should().BeTrue();
                decimal.GetBits(seconds).Should().Equal(decimal.GetBits((decimal)ticks / TimeSpan.TicksPerSecond), ticks.ToString(CultureInfo.InvariantCulture));
            },
            iter: CaseFuzzing.Iterations * 10);
    }

    /// <summary>The decimal as a JSON writer writes it and a JSON document reads it back.</summary>
    private static decimal ThroughJson(decimal value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteNumberValue(value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        document.RootElement.TryGetDecimal(out var read).Should().BeTrue();
        return read;
    }
}

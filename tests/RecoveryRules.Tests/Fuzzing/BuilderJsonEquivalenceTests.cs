using System.Globalization;
using System.Text;
using System.Xml;
using CsCheck;

namespace RecoveryRules.Tests.Fuzzing;

/// <summary>
/// A case built in code and the same facts written as case JSON go through the same checks
/// (docs/embedding.md): for generated fact sets, valid and not, both give equal cases (the same slots,
/// so equal decisions) or the same case error (id, message, field), in every rule execution.
/// </summary>
public sealed class BuilderJsonEquivalenceTests
{
    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.OneOf(
            "severity", "channel", "delay", "orderValue", "failureType", "proactive", "customer.tier", "customer.value",
            "customer.segment", "repeatFailures", "occurredAt", "id", "customer", "severty", "customer.tierr", "sev\ud800",
            "customer.\udfff", "\"quoted\\name\"", "ordervalue"),
        Gen.String[1, 12]);

    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.OneOf(
            "critical", "major", "minor", "phone", "chat", "email", "gold", "silver", "standard", "platinum", "technical", "operation",
            "critcal", "Gold", "gold ", "3h", "PT1H30M", "P1D", "-3h", "1.5h", "99999999999999999999999999999w", "80 EUR", "80.00 USD",
            "-5 USD", "1e3 USD", "2026-11-22T08:00:00+01:00", "2026-11-22T08:00:00", "\ud800", "crit\udc00ical", "\0", "\uFFFF",
            "😀", "a\"b\\c", "\u0001\n\t", "", "retail"),
        Gen.String,
        Gen.Char.Array[200, 600].Select(chars => new string(chars)));

    private static readonly Gen<decimal> Decimals = Gen.OneOf(
        Gen.Decimal,
        Gen.OneOf(
            decimal.MaxValue, decimal.MinValue, 5e28m, -5e28m, 0.0000000000000000000000000001m, 1.50m, 80.500m, 0m,
            new decimal(0, 0, 0, true, 3), -1m, 79228162514264337593543950335m, 1234567890.1234567890123456789m),
        Gen.Int.Select(i => (decimal)i));

    private static readonly Gen<TimeSpan> Durations = Gen.OneOf(
        Gen.Long.Select(TimeSpan.FromTicks),
        Gen.Long[0, TimeSpan.TicksPerDay * 30].Select(TimeSpan.FromTicks),
        Gen.OneOf(TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.Zero, TimeSpan.FromHours(3), TimeSpan.FromMinutes(-1)));

    private static readonly Gen<DateTimeOffset> Timestamps = Gen.OneOf(
        Gen.OneOf(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(14))),
        Gen.Select(Gen.Long[0, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay], Gen.Int[-14 * 60, 14 * 60],
            (ticks, minutes) => new DateTimeOffset(new DateTime(ticks + TimeSpan.TicksPerDay), TimeSpan.FromMinutes(minutes))));

    /// <summary>A fact the way a caller gives it to the builder: a name and a string, decimal, bool, duration or timestamp.</summary>
    private static readonly Gen<(string Name, object? Value)> Facts = Gen.Select(
        Names,
        Gen.OneOf(
            Texts.Select(text => (object?)text),
            Decimals.Select(number => (object?)number),
            Gen.Bool.Select(flag => (object?)flag),
            Durations.Select(span => (object?)span),
            Timestamps.Select(at => (object?)at),
            Gen.Bool.Select(_ => (object?)null)),
        (name, value) => (value is DateTimeOffset ? "occurredAt" : name, value));

    /// <summary>A valid retail or cases fact set, so that many generated cases are decided, not only rejected.</summary>
    private static readonly Gen<(string Name, object? Value)[]> ValidCore = Gen.Select(
        Gen.OneOf("critical", "major", "minor"), Gen.OneOf("phone", "chat", "email"), Durations.Where(t => t >= TimeSpan.Zero),
        Decimals, Gen.OneOf("technical", "operation", "information"), Gen.Bool, Gen.OneOf("gold", "silver", "standard"),
        (severity, channel, delay, value, failure, proactive, tier) => new (string, object?)[]
        {
            ("severity", severity), ("channel", channel), ("delay", delay), ("orderValue", value),
            ("failureType", failure), ("proactive", proactive), ("customer.tier", tier), ("customer.value", value),
        });

    private static readonly Gen<(string? Id, (string Name, object? Value)[] Facts)> FactSets = Gen.Select(
        Gen.OneOf<string?>(Gen.OneOf<string?>(null, "c-1", "\ud800", "", "x\"y"), Texts.Select(t => (string?)t)),
        Gen.OneOf(
            Facts.Array[0, 12],
            Gen.Select(ValidCore, Gen.Int[0, 8], Facts.Array[0, 2], Combine),
            ValidCore),
        (id, facts) => (id, facts));

    /// <summary>A valid core with one fact dropped (none when <paramref name="drop"/> is 8) and the extra facts after it.</summary>
    private static (string Name, object? Value)[] Combine((string Name, object? Value)[] core, int drop, (string Name, object? Value)[] extra) =>
        [.. core.Where((_, i) => i != drop), .. extra];

    [Theory]
    [InlineData("retail")]
    [InlineData("cases")]
    public void A_built_case_and_the_same_facts_as_json_give_equal_cases_or_the_same_error(string policyName)
    {
        var policies = CaseFuzzing.Policy(policyName);
        FactSets.Sample(
            input =>
            {
                var json = Json(input.Id, input.Facts);
                foreach (var policy in policies)
                {
                    var builder = policy.CreateCase(input.Id);
                    foreach (var (name, value) in input.Facts)
                    {
                        _ = value switch
                        {
                            decimal number => builder.With(name, number),
                            bool flag => builder.With(name, flag),
                            TimeSpan span => builder.With(name, span),
                            DateTimeOffset at => builder.OccurredAt(at),
                            _ => builder.With(name, (string?)value!),
                        };
                    }

                    var built = builder.TryBuild(out var builtCase, out var builtError);
                    var read = policy.TryReadCase(Encoding.UTF8.GetBytes(json), out var readCase, out var readError);
                    built.Should().Be(read, $"{json} gives {readError} to JSON and {builtError} to the builder");
                    if (!built)
                    {
                        builtError.Should().Be(readError, json);
                        continue;
                    }

                    Slots(builtCase!).Should().Be(Slots(readCase!), json);
                    foreach (var options in new[] { EvaluationOptions.Default, EvaluationOptions.WithExplanation })
                    {
                        Outcome(policy, builtCase!, options).Should().Be(Outcome(policy, readCase!, options), json);
                    }
                }
            },
            iter: CaseFuzzing.Iterations,
            print: input => Json(input.Id, input.Facts));
    }

    [Fact]
    public void A_field_given_twice_is_the_same_error_as_a_dotted_key_given_twice_in_json()
    {
        var policy = CaseFuzzing.Policy("retail")[0];

        policy.CreateCase("c-1").With("customer.tier", "gold").With("customer.tier", "silver").TryBuild(out _, out var builtError).Should().BeFalse();
        policy.TryReadCase("""{"id":"c-1","customer.tier":"gold","customer.tier":"silver"}""", out _, out var readError).Should().BeFalse();

        builtError.Should().Be(readError);
        builtError!.Id.Should().Be(RecoveryRules.Diagnostics.RecoveryDiagnostics.FieldGivenTwice.Id);
        builtError.Field.Should().Be("customer.tier");
    }

    [Fact]
    public void A_builder_used_again_after_building_leaves_the_first_case_what_it_was_given()
    {
        var policy = CaseFuzzing.Policy("cases")[0];
        var builder = policy.CreateCase("c-1").With("severity", "minor").With("channel", "chat").With("delay", TimeSpan.FromMinutes(90))
            .With("customer.tier", "gold").With("customer.value", 10m).With("orderValue", 80.50m).With("proactive", false);

        var first = builder.Build();
        var second = builder.With("repeatFailures", 3m).Build();

        const string Given = "{\"id\":\"c-1\",\"severity\":\"minor\",\"channel\":\"chat\",\"delay\":\"PT1H30M\",\"customer.tier\":\"gold\",\"customer.value\":10,\"orderValue\":80.50,\"proactive\":false";
        Encoding.UTF8.GetString(first.Given.Span).Should().Be(Given + "}");
        Encoding.UTF8.GetString(second.Given.Span).Should().Be(Given + ",\"repeatFailures\":3}");
        first.Decimals.Should().NotEqual(second.Decimals, "the second case has 3 repeat failures, the first the default 2");
    }

    private static string Outcome(RecoveryPolicy policy, RecoveryCase recoveryCase, EvaluationOptions options) =>
        policy.TryEvaluate(recoveryCase, out var decision, out var error, options) ? decision!.ToJson() : error!.ToString();

    /// <summary>Every slot, decimals with their scale and sign (<see cref="decimal.GetBits(decimal)"/>), and the id and moment.</summary>
    private static string Slots(RecoveryCase recoveryCase) => string.Join(
        " | ",
        recoveryCase.Id ?? "<no id>",
        recoveryCase.OccurredAt is { } at ? at.ToString("O", CultureInfo.InvariantCulture) : "<no occurredAt>",
        string.Join(",", recoveryCase.Decimals.Select(d => string.Join(":", decimal.GetBits(d)))),
        string.Join(",", recoveryCase.Ordinals),
        string.Join(",", recoveryCase.Booleans),
        string.Join(",", recoveryCase.Texts.Select(t => t is null ? "<null>" : "\"" + t + "\"")));

    /// <summary>The facts as case JSON, written by hand: a lone surrogate escaped (as a JSON writer never would), a decimal as .NET prints it, a duration as ISO 8601, a moment with its offset.</summary>
    private static string Json(string? id, (string Name, object? Value)[] facts)
    {
        var json = new StringBuilder("{");
        if (id is not null)
        {
            json.Append("\"id\":").Append(Quote(id));
        }

        foreach (var (name, value) in facts)
        {
            var text = value switch
            {
                null => null,
                decimal number => number.ToString(CultureInfo.InvariantCulture),
                bool flag => flag ? "true" : "false",
                TimeSpan span => Quote(XmlConvert.ToString(span)),
                DateTimeOffset at => Quote(at.ToString("O", CultureInfo.InvariantCulture)),
                _ => Quote((string)value),
            };
            if (text is not null)
            {
                json.Append(json.Length > 1 ? "," : string.Empty).Append(Quote(name)).Append(':').Append(text);
            }
        }

        return json.Append('}').ToString();
    }

    /// <summary>A JSON string, written by hand: a lone surrogate escaped (as a JSON writer never would). The typed case mapping tests write their tickets with it too.</summary>
    internal static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                quoted.Append(c).Append(text[++i]);
            }
            else if (c is '"' or '\\')
            {
                quoted.Append('\\').Append(c);
            }
            else if (c < ' ' || char.IsSurrogate(c))
            {
                quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('"').ToString();
    }
}

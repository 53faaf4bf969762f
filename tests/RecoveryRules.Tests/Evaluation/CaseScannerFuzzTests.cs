using System.Globalization;
using System.Text;
using CsCheck;
using RecoveryRules.Symbols;
using RecoveryRules.Tests.Fuzzing;
using RecoveryRules.Tests.Infrastructure;
using PlainReaders = RecoveryRules.CaseReader.PlainReaders;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// Fuzzes the case-shape scanner (docs/design.md §22): on generated and mutated case lines, a case the scanner reads is
/// exactly the case the <c>Utf8JsonReader</c> pass reads (the same slots, values and scales, id, offsets), and the
/// batch path that tries the scanner first decides every line as the document path does, on one thread's reused slots.
/// </summary>
public sealed class CaseScannerFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        .. File.ReadAllLines(RepositoryRoot.Combine("examples", "retail", "cases.jsonl")).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes),
        .. File.ReadAllLines(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "retail-cases.jsonl")).Where(line => line.Length > 0).Select(Encoding.UTF8.GetBytes),
        Encoding.UTF8.GetBytes("""{"id": "c-0", "severity": "minor", "channel": "phone", "delay": "PT2H", "customer": {"tier": "silver", "value": 500}, "orderValue": 45.5, "failureType": "information", "proactive": false, "repeatFailures": 4}"""),
        Encoding.UTF8.GetBytes("""{"id": 7, "severity": "critical", "channel": "phone", "occurredAt": "2026-11-22T08:00:00+01:00", "customer.tier": "gold", "orderValue": "80.00 USD", "failureType": "technical", "proactive": false, "repeatFailures": 3}"""),
        Encoding.UTF8.GetBytes("""{"id": "n", "severity": "minor", "channel": "app", "delay": "PT1H30M", "customer": {"tier": null, "value": 1.50}, "orderValue": -0.0, "failureType": "information", "proactive": true}"""),
    ];

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], CaseMutations.Mutations, (seed, mutations) => CaseMutations.Apply(Seeds[seed], mutations));

    private static readonly Gen<byte[]> Generated = Gen.Int.Select(seed => Encoding.UTF8.GetBytes(CaseLines.Line(new Random(seed))));

    private static readonly Gen<byte[]> Lines = Gen.Frequency((1, Mutated), (1, Generated));

    [Fact]
    public void A_case_the_scanner_reads_is_the_case_the_Utf8JsonReader_pass_reads()
    {
        var policy = CaseFuzzing.Policy("retail")[1];
        Lines.Sample(line => ScannedAlike(policy, line), iter: CaseFuzzing.Iterations * 4, print: CaseFuzzing.Print);
        Volatile.Read(ref s_idsAsBytes).Should().BePositive("scanned lines gave their ids as bytes");
    }

    [Fact]
    public void The_scanner_reads_every_line_without_escapes_or_exponents_that_the_reader_pass_reads()
    {
        // The property above holds for a scanner that declines everything: this one fails then.
        var policy = CaseFuzzing.Policy("retail")[1];
        var random = new Random(11);
        var (read, scanned) = (0, 0);
        for (var i = 0; i < 2000; i++)
        {
            var line = Encoding.UTF8.GetBytes(CaseLines.Line(random, hostile: false));
            if (policy.Reader.TryReadPlainInto(line, policy.Reader.ForCase(), PlainReaders.Reader, out _, out _))
            {
                read++;
                policy.Reader.TryReadPlainInto(line, policy.Reader.ForCase(), PlainReaders.Scanner, out _, out _)
                    .Should().BeTrue(Encoding.UTF8.GetString(line));
                scanned++;
            }
        }

        read.Should().BeGreaterThan(1000);
        scanned.Should().Be(read);
    }

    [Fact]
    public void A_batch_on_one_thread_s_reused_slots_decides_every_line_as_the_document_path()
    {
        var policy = CaseFuzzing.Policy("retail")[1];
        Lines.Array[1, 16].Sample(lines => BatchAlike(policy, lines), iter: Math.Max(1, CaseFuzzing.Iterations / 4),
            print: lines => string.Join(" | ", lines.Select(CaseFuzzing.Print)));
    }

    [Fact]
    public void A_policy_with_a_text_fact_in_a_nested_object_scans_alike()
    {
        var policy = CaseFuzzing.Policy("cases")[1];
        Gen.Int.Select(seed => Encoding.UTF8.GetBytes(CaseLines.Line(new Random(seed), segment: true)))
            .Sample(line => ScannedAlike(policy, line), iter: CaseFuzzing.Iterations, print: CaseFuzzing.Print);
    }

    /// <summary>Lines at the edges of the shape, and every line that ever broke the scanner (kept as regressions).</summary>
    [Theory]
    [InlineData("""{"id": "a", "id": "b", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "a", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true, "id": null}""")]
    [InlineData("""{"id": 12.50, "severity": "minor", "channel": "app", "delay": "1h", "orderValue": "12. USD", "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": -0, "severity": "minor", "channel": "app", "delay": "1h", "orderValue": -0, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "e", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1.5e1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "e", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 15E0, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "u", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": ".5 USD", "failureType": "informati\u006Fn", "proactive": true}""")]
    [InlineData("""{"id": "u", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failure\u0054ype": "information", "proactive": true}""")]
    [InlineData("""{"id": "z", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": "-0.00 USD", "failureType": "information", "proactive": true}  """)]
    [InlineData("""  {"id": "z", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": -0.00, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "t", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true} {}""")]
    [InlineData("""{"id": "t", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true,}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": {}, "customer.tier": "gold", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": {"tier": "gold"}, "customer.tier": "gold", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": {"tier": "gold"}, "customer": {"value": 5}, "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": {"tier": "gold", "tier": "gold"}, "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": {"id": "x"}, "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": null, "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "n", "severity": "minor", "channel": "app", "delay": "1h", "customer": "gold", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "o", "severity": "minor", "channel": "app", "occurredAt": "2026-11-22T08:00:00Z", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "o", "severity": "minor", "channel": "app", "occurredAt": "2026-11-22T08:00:00", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "o", "severity": "minor", "channel": "app", "occurredAt": "2026-11-22T08:00:00Z", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "o", "severity": "minor", "channel": "app", "occurredAt": null, "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "x", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1, "failureType": "information", "proactive": true, "colour": "red"}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 123456789012345678901234567890, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 79228162514264337593543950335, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 79228162514264337593543950336, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 9999999999999999999, "repeatFailures": 10000000000000000000, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 0.0000000000000000000000000001, "repeatFailures": 0.00000000000000000000000000001, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1.0000000000000000000000000000001, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 012, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 1., "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": +1, "failureType": "information", "proactive": true}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 45.50, "failureType": "information", "proactive": truex}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 45.50, "failureType": "information", "proactive": nul}""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 45.50, "failureType": "information", "proactive": true""")]
    [InlineData("""{"id": "h", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 45.50, "failureType": "information", "proactive": true}/""")]
    [InlineData("""{"id": "w",	"severity"	:	"minor" ,"channel":"app","delay":"1h","orderValue":45.50,"failureType":"information","proactive":false}""")]
    [InlineData("{\"id\": \"w\",\r\n\"severity\": \"minor\", \"channel\": \"app\", \"delay\": \"1h\", \"orderValue\": 4, \"failureType\": \"information\", \"proactive\": false}")]
    [InlineData("{\"id\": \"w\",\f\"severity\": \"minor\", \"channel\": \"app\", \"delay\": \"1h\", \"orderValue\": 4, \"failureType\": \"information\", \"proactive\": false}")]
    [InlineData("{\"id\": \"c\u0001\", \"severity\": \"minor\", \"channel\": \"app\", \"delay\": \"1h\", \"orderValue\": 4, \"failureType\": \"information\", \"proactive\": false}")]
    [InlineData("{\"id\": \"c\", \"severity\": \"minor\", \"channel\": \"app\", \"delay\": \"1h\t\", \"orderValue\": 4, \"failureType\": \"information\", \"proactive\": false}")]
    [InlineData("""{"id": "ü-é", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 4, "failureType": "information", "proactive": false}""")]
    [InlineData("""{"id": "d", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 4, "failureType": "information", "proactive": false, "repeatFailures": true}""")]
    [InlineData("""{"id": "d", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 4, "failureType": "information", "proactive": 1}""")]
    [InlineData("""{"id": true, "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 4, "failureType": "information", "proactive": false}""")]
    [InlineData("""{"id": "d", "severity": "minor", "channel": "app", "delay": 3600, "orderValue": 4, "failureType": "information", "proactive": false}""")]
    [InlineData("""{"id": "d", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": "4 EUR", "failureType": "information", "proactive": false}""")]
    [InlineData("""{"id": "d", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": [4], "failureType": "information", "proactive": false}""")]
    [InlineData("""{"id": "d", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 4, "failureType": "information"}""")]
    [InlineData("""{"customer": {"customer": {"customer": {"customer": {"customer": {"customer": {}}}}}}}""")]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public void Edge_lines_scan_alike(string json)
    {
        var policy = CaseFuzzing.Policy("retail")[1];
        var line = Encoding.UTF8.GetBytes(json);
        ScannedAlike(policy, line);
        BatchAlike(policy, [line, line]);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0x00 })]
    public void Invalid_UTF8_in_an_id_or_a_name_or_a_value_scans_alike(byte[] bad)
    {
        var policy = CaseFuzzing.Policy("retail")[1];
        const string Line = """{"id": "c-1", "severity": "minor", "channel": "app", "delay": "1h", "orderValue": 4, "failureType": "information", "proactive": false}""";
        foreach (var at in new[] { 9, 18, 30, 70 })
        {
            byte[] line = [.. Encoding.UTF8.GetBytes(Line)[..at], .. bad, .. Encoding.UTF8.GetBytes(Line)[at..]];
            ScannedAlike(policy, line);
            BatchAlike(policy, [line]);
        }
    }

    /// <summary>The scanner reads the line exactly as the reader pass does, or declines it.</summary>
    private static void ScannedAlike(RecoveryPolicy policy, byte[] line)
    {
        var reader = policy.Reader;
        var scannedState = reader.ForCase();
        if (!reader.TryReadPlainInto(line, scannedState, PlainReaders.Scanner, out var scannedStart, out var scannedEnd))
        {
            return; // declined: the reader pass (today's) reads it
        }

        var readState = reader.ForCase();
        reader.TryReadPlainInto(line, readState, PlainReaders.Reader, out var readStart, out var readEnd)
            .Should().BeTrue("the scanner read a line the Utf8JsonReader pass declines");
        (scannedStart, scannedEnd).Should().Be((readStart, readEnd));
        Describe(reader, scannedState).Should().Be(Describe(reader, readState));

        // The id as its bytes in the line (the decision line's read, docs/design.md §25): the same read, no string, and bytes
        // that decode to the very id the string read gives.
        var bytesState = reader.ForCase();
        bytesState.IdAsBytes = true;
        reader.TryReadPlainInto(line, bytesState, PlainReaders.Scanner, out _, out _).Should().BeTrue("the id as bytes reads what the scanner reads");
        bytesState.IdAsBytes = false;
        bytesState.Id.Should().BeNull();
        (bytesState.IdStart >= 0 ? Encoding.UTF8.GetString(line, bytesState.IdStart, bytesState.IdLength) : null).Should().Be(scannedState.Id);
        if (scannedState.Id is not null)
        {
            Interlocked.Increment(ref s_idsAsBytes);
        }

        bytesState.Id = scannedState.Id;
        Describe(reader, bytesState).Should().Be(Describe(reader, scannedState));
    }

    /// <summary>How many scanned lines gave their id as bytes (the generated-lines test checks it is not none).</summary>
    private static int s_idsAsBytes;

    /// <summary>
    /// Lines evaluated one after another on this thread's reused slots (the CLI's batch path) decide as each line read by
    /// the document path and evaluated: nothing of a line, read or declined, is left for the next.
    /// </summary>
    private static void BatchAlike(RecoveryPolicy policy, byte[][] lines)
    {
        var at = new EvaluationOptions { Now = Policies.Now };
        foreach (var line in lines)
        {
            var decided = policy.TryEvaluatePlainUtf8(line, at, out var plain, out var caseId, out var decision, out var error);
            if (!plain)
            {
                continue; // the CLI reads it with TryReadCase: today's path
            }

            var expected = policy.TryReadCase(line, out var recoveryCase, out var readError)
                ? EvaluateManyTests.OneByOne(policy, recoveryCase, at)
                : new CaseResult(null, readError);
            EvaluateManyTests.Describe(decided ? new CaseResult(decision, null) : new CaseResult(null, error)).Should().Be(EvaluateManyTests.Describe(expected));
            caseId.Should().Be(recoveryCase?.Id);
        }
    }

    /// <summary>Everything a read leaves in the slots, by fact (a slot no fact of the case reads is not compared).</summary>
    private static string Describe(CaseReader reader, CaseReader.State state)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"id={state.Id ?? "<null>"} at={state.OccurredAt?.ToString("O", CultureInfo.InvariantCulture)} delay={state.HasDelay} givenAt={state.GivenOccurredAt}");
        foreach (var fact in reader.Facts)
        {
            var given = state.Given[fact.Index];
            text.Append(CultureInfo.InvariantCulture, $"; {fact.Name} given={given} ");
            if (!given && fact.Name == "delay" && state.OccurredAt is not null)
            {
                continue; // occurredAt stands for it: its slot is not written
            }

            text.Append(fact.SlotKind switch
            {
                SlotKind.Decimal => string.Join(",", decimal.GetBits(state.Decimals[fact.Slot])),
                SlotKind.Ordinal => state.Ordinals[fact.Slot].ToString(CultureInfo.InvariantCulture),
                SlotKind.Boolean => state.Booleans[fact.Slot].ToString(),
                _ => state.Texts[fact.Slot] ?? "<null>",
            });
        }

        return text.ToString();
    }

    /// <summary>Case lines of the retail policy's shape, varied in every way the scanner must see through or decline.</summary>
    private static class CaseLines
    {
        private static readonly string[] Spaces = ["", "", "", " ", " ", "  ", "\t", "\n", "\r\n", "\r"];
        private static readonly string[] HostileSpaces = ["\f", "\v", "\u00a0", "\u0000", "/**/", "\u2028"];
        private static readonly string[] Severities = ["minor", "moderate", "major", "critical"];
        private static readonly string[] Tiers = ["standard", "silver", "gold", "platinum"];
        private static readonly string[] Channels = ["phone", "email", "chat", "social", "store", "app"];
        private static readonly string[] FailureTypes = ["information", "operation", "communication", "technical"];
        private static readonly string[] Durations = ["1h", "PT2H", "30m", "2d", "5h", "PT1H30M", "0s", "1w", "90s", "P1D"];

        public static string Line(Random random, bool hostile = true, bool segment = false)
        {
            var members = new List<string>();
            var space = () => random.Next(40) == 0 && hostile ? HostileSpaces[random.Next(HostileSpaces.Length)] : Spaces[random.Next(Spaces.Length)];
            string Member(string name, string value) => $"{space()}{Quote(name)}{space()}:{space()}{value}{space()}";
            string Quote(string text) => hostile && random.Next(60) == 0 ? Escape(text) : "\"" + text + "\"";
            string Pick(string[] values) => hostile && random.Next(40) == 0 ? Quote(values[random.Next(values.Length)].ToUpperInvariant()) : Quote(values[random.Next(values.Length)]);

            members.Add(Member("id", random.Next(8) == 0 ? Number(random, hostile) : Quote("c-" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture))));
            members.Add(Member("severity", Pick(Severities)));
            members.Add(Member("channel", Pick(Channels)));
            if (random.Next(6) == 0)
            {
                members.Add(Member("occurredAt", Quote(random.Next(4) switch
                {
                    0 => "2026-11-22T08:00:00Z",
                    1 => "2026-11-21T23:30:00+01:00",
                    2 => "2026-11-22T08:00:00",
                    _ => "2026-11-22T08:00:00.1234567-05:30",
                })));
            }

            if (random.Next(6) != 0)
            {
                members.Add(Member("delay", Pick(Durations)));
            }

            var tier = Pick(Tiers);
            var value = Number(random, hostile);
            switch (random.Next(segment ? 4 : 3))
            {
                case 0:
                    members.Add(Member("customer", $"{{{Member("tier", tier)},{Member("value", value)}}}"));
                    break;
                case 1:
                    members.Add(Member("customer.tier", tier));
                    members.Add(Member("customer.value", value));
                    break;
                case 2:
                    members.Add(Member("customer", $"{{{Member("tier", tier)}}}"));
                    members.Add(Member("customer.value", value));
                    break;
                default:
                    members.Add(Member("customer", $"{{{Member("tier", tier)},{Member("value", value)},{Member("segment", Quote(random.Next(3) switch { 0 => "retail", 1 => "ünïcode ✓", _ => "b2b" }))}}}"));
                    break;
            }

            members.Add(Member("orderValue", random.Next(4) == 0 ? Quote(Number(random, hostile: false) + (random.Next(10) == 0 ? " EUR" : " USD")) : Number(random, hostile)));
            members.Add(Member("failureType", Pick(FailureTypes)));
            members.Add(Member("proactive", random.Next(2) == 0 ? "true" : "false"));
            if (random.Next(2) == 0)
            {
                members.Add(Member("repeatFailures", Number(random, hostile)));
            }

            if (hostile)
            {
                if (random.Next(20) == 0)
                {
                    members.Add(members[random.Next(members.Count)]); // a field given twice
                }

                if (random.Next(20) == 0)
                {
                    members.Add(Member("colour", "\"red\"")); // an undeclared field
                }

                if (random.Next(20) == 0)
                {
                    members[random.Next(members.Count)] = Member(members.Count % 2 == 0 ? "proactive" : "severity", "null");
                }
            }

            // Shuffled: the scanner may not count on an order.
            if (random.Next(3) == 0)
            {
                members = [.. members.OrderBy(_ => random.Next())];
            }

            var line = space() + "{" + string.Join(",", members) + "}" + space();
            return hostile && random.Next(20) == 0 ? line[..random.Next(line.Length)] : line;
        }

        /// <summary>A JSON number: short and plain mostly, sometimes long, negative zero, with leading zeros or an exponent.</summary>
        private static string Number(Random random, bool hostile)
        {
            var digits = random.Next(10) == 0 ? random.Next(1, 35) : random.Next(1, 6);
            var whole = new string([.. Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10)))]).TrimStart('0');
            if (whole.Length == 0 || (hostile && random.Next(30) == 0))
            {
                whole = hostile && random.Next(30) == 0 ? "0" + whole : "0";
            }

            var text = (random.Next(6) == 0 ? "-" : string.Empty) + whole;
            if (random.Next(3) == 0)
            {
                var fraction = random.Next(10) == 0 ? random.Next(0, 32) : random.Next(1, 4);
                text += "." + new string([.. Enumerable.Range(0, fraction).Select(_ => (char)('0' + random.Next(10)))]);
            }

            if (hostile && random.Next(15) == 0)
            {
                text += (random.Next(2) == 0 ? "e" : "E") + (random.Next(3) switch { 0 => "+", 1 => "-", _ => string.Empty }) + random.Next(40).ToString(CultureInfo.InvariantCulture);
            }

            return text;
        }

        private static string Escape(string text) =>
            "\"" + string.Concat(text.Select((c, i) => i == 0 ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString())) + "\"";
    }
}

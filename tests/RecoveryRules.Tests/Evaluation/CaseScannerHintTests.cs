using System.Reflection;
using System.Text;
using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// The case-shape scanner's name hints (docs/design.md §40): on a thread's reused slots (the batch's path) the hints are the
/// thread's own, so lines whose shapes alternate (an optional fact given or not) never write what another thread reads; a read
/// into slots of its own (one case) keeps the hints shared. Either way a hint only saves a lookup: every line decides as the
/// document path decides it, on one thread and on two at once.
/// </summary>
public sealed class CaseScannerHintTests
{
    private static readonly FieldInfo ThreadSlots = typeof(CaseReader).GetField("t_mapped", BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly FieldInfo Names = typeof(CaseReader).GetField("_scanNames", BindingFlags.NonPublic | BindingFlags.Instance)!;

    [Fact]
    public void Lines_of_alternating_shapes_on_a_thread_s_reused_slots_decide_alike_with_the_thread_s_own_hints()
    {
        var policy = Retail();
        var scanned = 0;
        foreach (var line in Lines(new Random(40), 600))
        {
            scanned += DecidesAlike(policy, line, clearShared: true) ? 1 : 0;
        }

        // Not vacuous: the scanner read the lines, into the thread's reused slots, with hints of their own that it wrote; the shared
        // hints (of reads into slots of their own) were never written.
        scanned.Should().BeGreaterThan(500);
        var state = (CaseReader.State)ThreadSlots.GetValue(null)!;
        state.OwnsScanHints.Should().BeTrue();
        state.ScanHintsOwner.Should().BeSameAs(Names.GetValue(policy.Reader));
        state.ScanHints!.Count(hint => hint is not null).Should().BeGreaterThan(3, "the thread's hints hold the names that came next");
        SharedHints(policy).Should().OnlyContain(hint => hint == null, "reads into the thread's reused slots keep their hints to themselves");
    }

    [Fact]
    public void Two_threads_reading_lines_of_alternating_shapes_decide_alike_each_with_its_own_hints()
    {
        var policy = Retail();
        var hints = new object?[2][];
        var scanned = new int[2];
        var failures = new Exception?[2];
        var threads = Enumerable.Range(0, 2).Select(thread => new Thread(() =>
        {
            try
            {
                foreach (var line in Lines(new Random(50 + thread), 800))
                {
                    scanned[thread] += DecidesAlike(policy, line, clearShared: false) ? 1 : 0;
                }

                hints[thread] = ((CaseReader.State)ThreadSlots.GetValue(null)!).ScanHints!;
            }
            catch (Exception exception)
            {
                failures[thread] = exception;
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        failures.Should().OnlyContain(failure => failure == null);
        scanned.Should().OnlyContain(count => count > 700);
        hints[0].Should().NotBeSameAs(hints[1]);
    }

    [Fact]
    public void A_read_into_slots_of_its_own_keeps_the_hints_shared()
    {
        var policy = Retail();
        var reader = policy.Reader;
        var read = 0;
        foreach (var line in Lines(new Random(60), 200))
        {
            var state = reader.ForCase();
            if (reader.TryReadPlainInto(line, state, CaseReader.PlainReaders.Scanner, out _, out _))
            {
                read++;
                state.ScanHints.Should().BeNull();
                var expected = reader.ForCase();
                reader.TryReadPlainInto(line, expected, CaseReader.PlainReaders.Reader, out _, out _).Should().BeTrue();
                (state.Id, state.Decimals.SequenceEqual(expected.Decimals), state.Ordinals.SequenceEqual(expected.Ordinals), state.Given.SequenceEqual(expected.Given))
                    .Should().Be((expected.Id, true, true, true));
            }
        }

        read.Should().BeGreaterThan(150);
        SharedHints(policy).Count(hint => hint is not null).Should().BeGreaterThan(3, "reads into slots of their own write the shared hints");
    }

    /// <summary>A policy of its own (tests in parallel read the shared ones): the retail example.</summary>
    private static RecoveryPolicy Retail()
    {
        var path = RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml");
        return PolicyYaml.Compile(File.ReadAllText(path), path, null, new RecoveryPolicyOptions { TimeProvider = Policies.Clock() }).GetPolicyOrThrow();
    }

    /// <summary>The policy's shared hints; none before its scanner's names are made (a first line the scanner never reached).</summary>
    private static object?[] SharedHints(RecoveryPolicy policy)
    {
        var names = Names.GetValue(policy.Reader);
        return names is null ? [] : (object?[])names.GetType().GetProperty("SharedHints")!.GetValue(names)!;
    }

    /// <summary>
    /// Case lines whose shapes alternate: the optional facts (the customer, its members, repeatFailures, the id) given or not, a few
    /// members in another order, now and then a line the scanner declines (an unknown name).
    /// </summary>
    private static IEnumerable<byte[]> Lines(Random random, int count)
    {
        string[] severities = ["minor", "moderate", "major", "critical"];
        string[] channels = ["phone", "email", "app", "social"];
        string[] failures = ["information", "operation", "communication", "technical"];
        for (var i = 0; i < count; i++)
        {
            var members = new List<string>();
            if (random.Next(8) > 0)
            {
                members.Add($"\"id\": \"c-{i}\"");
            }

            members.Add($"\"severity\": \"{severities[random.Next(4)]}\"");
            members.Add($"\"channel\": \"{channels[random.Next(4)]}\"");
            members.Add($"\"delay\": \"{1 + random.Next(30)}h\"");
            switch (random.Next(4))
            {
                case 0:
                    members.Add($"\"customer\": {{\"tier\": \"gold\", \"value\": {random.Next(20000)}}}");
                    break;
                case 1:
                    members.Add($"\"customer\": {{\"value\": {random.Next(20000)}, \"tier\": \"silver\"}}");
                    break;
                case 2:
                    members.Add("\"customer\": {\"tier\": \"standard\"}");
                    break;
            }

            members.Add($"\"orderValue\": {random.Next(50000) / 100m}");
            members.Add($"\"failureType\": \"{failures[random.Next(4)]}\"");
            members.Add($"\"proactive\": {(random.Next(2) == 0 ? "true" : "false")}");
            if (random.Next(2) == 0)
            {
                members.Insert(random.Next(1, members.Count), $"\"repeatFailures\": {random.Next(6)}");
            }

            if (random.Next(50) == 0)
            {
                members.Add("\"colour\": \"red\"");
            }

            yield return Encoding.UTF8.GetBytes("{" + string.Join(", ", members) + "}");
        }
    }

    /// <summary>The line decided on this thread's reused slots against the document path; whether the scanner read it.</summary>
    private static bool DecidesAlike(RecoveryPolicy policy, byte[] line, bool clearShared)
    {
        var at = new EvaluationOptions { Now = Policies.Now };
        var expected = policy.TryReadCase(line, out var recoveryCase, out var readError)
            ? EvaluateManyTests.OneByOne(policy, recoveryCase, at)
            : new CaseResult(null, readError);

        // The document path's reads may write the shared hints; what the reused slots' read writes is looked at after it.
        if (clearShared)
        {
            Array.Clear(SharedHints(policy));
        }

        var decided = policy.TryEvaluatePlainUtf8(line, at, out var plain, out var caseId, out var decision, out var error);
        if (!plain)
        {
            return false;
        }

        EvaluateManyTests.Describe(decided ? new CaseResult(decision, null) : new CaseResult(null, error)).Should().Be(EvaluateManyTests.Describe(expected));
        caseId.Should().Be(recoveryCase?.Id);
        return true;
    }
}

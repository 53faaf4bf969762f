using System.Globalization;

namespace RecoveryRules.Cli.Tests.Replay;

/// <summary>
/// <c>replay --summary</c> and <c>--format markdown</c>: the impact of a policy change (docs/auditing.md, "The impact
/// of a policy change"). The expectations are computed here, by replaying every record with the public
/// <see cref="DecisionRecord.Replay"/> and counting with plain code, never copied from the command's output.
/// </summary>
public sealed class ImpactSummaryTests
{
    /// <summary>The default scales (docs/policy-language.md), which the shop policies keep.</summary>
    private static readonly string[] Escalations = ["team-lead", "supervisor", "duty-manager", "retention"];

    private static readonly string[] Roles = ["frontline", "team-lead", "supervisor", "manager"];

    private static readonly Impact Expected = Impact.Compute(ReplayData.Records, ReplayData.Load(ReplayData.ShopNext));

    [Fact]
    public void The_changed_policy_changes_every_kind_the_summary_counts()
    {
        // Otherwise the summary tests below could pass without looking at a kind.
        Expected.Up.Should().BePositive();
        Expected.Down.Should().BePositive();
        Expected.Raised.Should().BePositive();
        Expected.Removed.Should().BePositive();
        Expected.Shortened.Should().BePositive();
        Expected.Lengthened.Should().BePositive();
        Expected.RoleRaised.Should().BePositive();
        Expected.LimitRaised.Should().BePositive();
        Expected.Lost.Should().NotBeEmpty();
        Expected.Appearing.Should().NotBeEmpty();
        Expected.Disappearing.Should().NotBeEmpty();
        Expected.NewlyFiring.Should().NotBeEmpty();
        Expected.Identical.Should().BePositive();
    }

    [Fact]
    public async Task The_summary_counts_each_kind_of_change_and_the_money_moved_exactly()
    {
        var run = await CliRun.RunAsync("replay", "--summary", "--policy", ReplayData.ShopNext, ReplayData.Records);

        run.ExitCode.Should().Be(1);
        var e = Expected;
        run.StdoutLines.Should().ContainInOrder(
            $"Replay of {ReplayData.Records} under shop-recovery 2 ({ReplayData.Load(ReplayData.ShopNext).Identity.Hash})",
            I($"Decisions changed: {e.Changed} of {e.Total} ({e.Identical} identical); {e.Total} of the records were made under another policy"),
            I($"  EUR  up {e.Up} (+{e.UpSum:F2} EUR), down {e.Down} (-{e.DownSum:F2} EUR); net {Signed(e.UpSum - e.DownSum)} EUR, gross {e.UpSum + e.DownSum:F2} EUR"),
            I($"  target raised {e.Raised}, lowered {e.Lowered}, changed 0 (recorded target not on the scale); escalation added {e.Added}, removed {e.Removed}"),
            I($"  SLA (within) shortened {e.Shortened}, lengthened {e.Lengthened}"),
            I($"  role raised {e.RoleRaised}, lowered {e.RoleLowered}, changed 0 (recorded role not on the scale); empowerment added {e.EmpowermentAdded}, removed {e.EmpowermentRemoved}"),
            I($"  limit raised {e.LimitRaised}, lowered {e.LimitLowered}, added 0, removed 0; actions changed {e.ActionsChanged}"),
            "  may no longer: " + Counts(e.Lost),
            "  appearing: " + Counts(e.Appearing),
            "  disappearing: " + Counts(e.Disappearing),
            "  newly firing: " + Counts(e.NewlyFiring),
            I($"{e.Total} replayed, {e.Identical} identical, {e.Changed} changed, {e.Total} made under another policy"));
        run.StdoutLines[^1].Should().Be(I($"{e.Total} replayed, {e.Identical} identical, {e.Changed} changed, {e.Total} made under another policy"));
        run.Stdout.Should().NotContain("no longer firing", "no rule stops firing");
    }

    [Fact]
    public async Task The_largest_changes_come_by_compensation_change_then_escalation_steps_then_line()
    {
        var run = await CliRun.RunAsync("replay", "--summary", "--policy", ReplayData.ShopNext, ReplayData.Records);

        var listed = run.StdoutLines.SkipWhile(line => !line.StartsWith("The ", StringComparison.Ordinal) || !line.Contains("largest", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => line.Length > 0)
            .Select(line => line.Trim().Split(' ')[2])
            .ToList();
        listed.Should().Equal(Expected.Largest.Take(10));
        run.StdoutLines.Should().Contain(I($"   1. case {Expected.Largest[0]} (line 3): compensation 20.00 EUR → 10.00 EUR (-10.00 EUR)"));
    }

    [Fact]
    public async Task Markdown_writes_the_same_report_as_tables()
    {
        var run = await CliRun.RunAsync("replay", "--format", "markdown", "--policy", ReplayData.ShopNext, ReplayData.Records);

        run.ExitCode.Should().Be(1);
        var e = Expected;
        run.StdoutLines[0].Should().StartWith($"## Replay of `{ReplayData.Records}` under shop-recovery 2 (sha256:");
        run.StdoutLines.Should().ContainInOrder(
            I($"**{e.Changed} of {e.Total} decisions change**; {e.Identical} identical."),
            "### Compensation",
            "| Currency | Up | Moved up | Down | Moved down | Net | Gross |",
            "|---|---:|---:|---:|---:|---:|---:|",
            I($"| EUR | {e.Up} | +{e.UpSum:F2} EUR | {e.Down} | -{e.DownSum:F2} EUR | {Signed(e.UpSum - e.DownSum)} EUR | {e.UpSum + e.DownSum:F2} EUR |"),
            "### Escalation",
            I($"| target raised | {e.Raised} |"),
            I($"| escalation removed | {e.Removed} |"),
            I($"| SLA (within) shortened | {e.Shortened} |"),
            I($"| SLA (within) lengthened | {e.Lengthened} |"),
            "### Empowerment",
            I($"| role raised | {e.RoleRaised} |"),
            I($"| limit raised | {e.LimitRaised} |"),
            "### Errors",
            "| Error | Appearing | Disappearing |",
            "### Rules",
            "| Rule | Newly firing | No longer firing |",
            I($"| repeat-contact | {e.NewlyFiring["repeat-contact"]} | 0 |"),
            "### The 10 largest changes",
            "| # | Line | Case | Compensation | Escalation | Other |",
            I($"| 1 | 3 | {e.Largest[0]} | 20.00 EUR → 10.00 EUR (-10.00 EUR) |  |  |"),
            I($"_{e.Total} replayed, {e.Identical} identical, {e.Changed} changed, {e.Total} made under another policy_"));
        foreach (var (id, count) in e.Appearing)
        {
            run.StdoutLines.Should().Contain(I($"| {id} | {count} | {e.Disappearing.GetValueOrDefault(id)} |"));
        }

        run.StdoutLines.Where(line => line.StartsWith('|')).Should().AllSatisfy(line => line.Should().EndWith("|"));
    }

    [Fact]
    public async Task A_recorded_target_or_role_the_policy_does_not_have_is_counted_as_changed()
    {
        var folder = Directory.CreateTempSubdirectory("recoveryrules-impact-").FullName;
        try
        {
            var record = File.ReadAllLines(ReplayData.Records)[0]
                .Replace("\"to\":\"duty-manager\"", "\"to\":\"regional-director\"", StringComparison.Ordinal)
                .Replace("\"role\":\"team-lead\"", "\"role\":\"area-lead\"", StringComparison.Ordinal);
            var path = Path.Combine(folder, "renamed.jsonl");
            await File.WriteAllTextAsync(path, record + "\n", TestContext.Current.CancellationToken);

            var run = await CliRun.RunAsync("replay", "--summary", "--policy", ReplayData.Shop, path);

            run.ExitCode.Should().Be(1);
            run.StdoutLines.Should().Contain("  target raised 0, lowered 0, changed 1 (recorded target not on the scale); escalation added 0, removed 0")
                .And.Contain("  role raised 0, lowered 0, changed 1 (recorded role not on the scale); empowerment added 0, removed 0");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Identical_records_summarise_as_no_change_and_exit_0()
    {
        var run = await CliRun.RunAsync("replay", "--summary", "--policy", ReplayData.Shop, ReplayData.Records);

        run.ExitCode.Should().Be(0);
        run.StdoutLines.Should().Contain(
        [
            "Decisions changed: 0 of 12 (12 identical)",
            "Compensation: no total changed",
            "Escalation: no change",
            "Empowerment: no change",
            "Errors: none appearing or disappearing",
            "Rules: none newly firing or no longer firing",
        ]);
        run.StdoutLines[^1].Should().Be("12 replayed, 12 identical, 0 changed");
        run.Stdout.Should().NotContain("largest");
    }

    [Fact]
    public async Task Lines_not_replayed_are_printed_as_found_in_text_and_listed_in_markdown()
    {
        var text = await CliRun.RunAsync("replay", "--summary", "--policy", ReplayData.Shop, ReplayData.Path("truncated.jsonl"));
        var markdown = await CliRun.RunAsync("replay", "--format", "markdown", "--policy", ReplayData.Shop, ReplayData.Path("truncated.jsonl"));

        text.ExitCode.Should().Be(2);
        text.StdoutLines[0].Should().Be("line 4: not a whole record (the line ends before its JSON object does)");
        markdown.ExitCode.Should().Be(2);
        markdown.StdoutLines.Should().ContainInOrder(
            "### Lines not replayed",
            "- line 4: not a whole record (the line ends before its JSON object does)",
            "_3 replayed, 3 identical, 0 changed, 1 line not a record_");
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Signed(decimal amount) => amount > 0 ? "+" + amount.ToString("F2", CultureInfo.InvariantCulture) : amount.ToString("F2", CultureInfo.InvariantCulture);

    private static string Counts(SortedDictionary<string, int> counts) => string.Join(", ", counts.Select(pair => I($"{pair.Key} {pair.Value}")));

    /// <summary>What replaying a records file with a policy changes, counted the plain way.</summary>
    private sealed class Impact
    {
        public int Total { get; private set; }

        public int Identical { get; private set; }

        public int Changed { get; private set; }

        public int Up { get; private set; }

        public int Down { get; private set; }

        public decimal UpSum { get; private set; }

        public decimal DownSum { get; private set; }

        public int Raised { get; private set; }

        public int Lowered { get; private set; }

        public int Added { get; private set; }

        public int Removed { get; private set; }

        public int Shortened { get; private set; }

        public int Lengthened { get; private set; }

        public int RoleRaised { get; private set; }

        public int RoleLowered { get; private set; }

        public int EmpowermentAdded { get; private set; }

        public int EmpowermentRemoved { get; private set; }

        public int LimitRaised { get; private set; }

        public int LimitLowered { get; private set; }

        public int ActionsChanged { get; private set; }

        public SortedDictionary<string, int> Lost { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, int> Appearing { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, int> Disappearing { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, int> NewlyFiring { get; } = new(StringComparer.Ordinal);

        /// <summary>Case ids of the changed records, largest change first.</summary>
        public List<string> Largest { get; } = [];

        public static Impact Compute(string records, RecoveryPolicy policy)
        {
            var impact = new Impact();
            var ranked = new List<(decimal Money, int Steps, long Line, string Case)>();
            foreach (var line in ReplayData.ReadRecords(records))
            {
                var record = line.Record!;
                var now = record.Replay(policy);
                impact.Total++;
                if (DecisionComparison.Compare(record.Result, now).IsEmpty)
                {
                    impact.Identical++;
                    continue;
                }

                impact.Changed++;
                decimal money = 0;
                var steps = 0;
                if (record.Result.Decision is { } a && now.Decision is { } b)
                {
                    var delta = b.Compensation.Total - a.Compensation.Total;
                    (impact.Up, impact.UpSum) = delta > 0 ? (impact.Up + 1, impact.UpSum + delta) : (impact.Up, impact.UpSum);
                    (impact.Down, impact.DownSum) = delta < 0 ? (impact.Down + 1, impact.DownSum - delta) : (impact.Down, impact.DownSum);
                    money = Math.Abs(delta);
                    steps = impact.CountEscalation(a.Escalation, b.Escalation);
                    impact.CountEmpowerment(a.Empowerment, b.Empowerment);
                    foreach (var rule in b.Fired.Except(a.Fired))
                    {
                        impact.NewlyFiring[rule] = impact.NewlyFiring.GetValueOrDefault(rule) + 1;
                    }
                }
                else if (now.Error is { } appearing && record.Result.Decision is not null)
                {
                    impact.Appearing[appearing.Id] = impact.Appearing.GetValueOrDefault(appearing.Id) + 1;
                }
                else if (record.Result.Error is { } disappearing && now.Decision is not null)
                {
                    impact.Disappearing[disappearing.Id] = impact.Disappearing.GetValueOrDefault(disappearing.Id) + 1;
                }

                ranked.Add((money, steps, line.Line, record.CaseId!));
            }

            impact.Largest.AddRange(ranked.OrderByDescending(r => r.Money).ThenByDescending(r => r.Steps).ThenBy(r => r.Line).Select(r => r.Case));
            return impact;
        }

        private int CountEscalation(EscalationDecision? a, EscalationDecision? b)
        {
            if (a is null || b is null)
            {
                Added += a is null && b is not null ? 1 : 0;
                Removed += a is not null && b is null ? 1 : 0;
                return a is null && b is null ? 0 : Array.IndexOf(Escalations, (a ?? b)!.To) + 1;
            }

            var (from, to) = (Array.IndexOf(Escalations, a.To), Array.IndexOf(Escalations, b.To));
            Raised += to > from ? 1 : 0;
            Lowered += to < from ? 1 : 0;
            var (then, now) = (a.Within ?? TimeSpan.MaxValue, b.Within ?? TimeSpan.MaxValue);
            Shortened += now < then ? 1 : 0;
            Lengthened += now > then ? 1 : 0;
            return Math.Abs(to - from);
        }

        private void CountEmpowerment(EmpowermentDecision? a, EmpowermentDecision? b)
        {
            if (a is null || b is null)
            {
                EmpowermentAdded += a is null && b is not null ? 1 : 0;
                EmpowermentRemoved += a is not null && b is null ? 1 : 0;
                return;
            }

            RoleRaised += Array.IndexOf(Roles, b.Role) > Array.IndexOf(Roles, a.Role) ? 1 : 0;
            RoleLowered += Array.IndexOf(Roles, b.Role) < Array.IndexOf(Roles, a.Role) ? 1 : 0;
            LimitRaised += b.Limit > a.Limit ? 1 : 0;
            LimitLowered += b.Limit < a.Limit ? 1 : 0;
            var lost = a.Actions.Except(b.Actions).ToList();
            ActionsChanged += lost.Count > 0 || b.Actions.Except(a.Actions).Any() ? 1 : 0;
            foreach (var action in lost)
            {
                Lost[action] = Lost.GetValueOrDefault(action) + 1;
            }
        }
    }
}

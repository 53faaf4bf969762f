using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>§3.7 and §9: notes, item notes, amount-less items, otherwise, and the empty decision.</summary>
public sealed class NotesAndOtherwiseTests
{
    private static readonly RecoveryPolicy Otherwise = Load("otherwise.policy.yaml");

    [Fact]
    public void Otherwise_decides_when_no_rule_matched_and_names_the_rule_otherwise()
    {
        var decision = Otherwise.Decide(Case());

        decision.Compensation.Items.Should().Equal(new CompensationItem("goodwill", 5m, "otherwise", null));
        decision.Compensation.Total.Should().Be(5m);
        decision.Escalation.Should().Be(new EscalationDecision("team-lead", TimeSpan.FromHours(48), "otherwise"));
        decision.Empowerment.Should().BeEquivalentTo(new EmpowermentDecision("frontline", 50m, ["call-back"], ["otherwise"]));
        decision.Notes.Should().Equal("Nothing matched.");
        decision.Fired.Should().BeEmpty("otherwise is not a rule, so nothing fired");
        decision.Raw("escalation").Should().Be("{\"to\":\"team-lead\",\"within\":\"P2D\",\"rule\":\"otherwise\"}");
    }

    [Fact]
    public void Otherwise_does_not_apply_when_a_rule_matched_even_one_that_only_notes()
    {
        var decision = Otherwise.Decide(Case("\"noting\": true"));

        decision.Fired.Should().Equal("note-only");
        decision.Notes.Should().Equal("Only a note.");
        decision.Compensation.Items.Should().BeEmpty();
        decision.Escalation.Should().BeNull();
        decision.Empowerment.Should().BeNull();
    }

    [Fact]
    public void Item_note_stays_on_its_item_and_amountless_item_has_null_amount()
    {
        var decision = Otherwise.Decide(Case("\"outage\": true, \"noting\": true"));

        decision.Notes.Should().Equal(["Rule note.", "Only a note."], "notes hold the rules' notes only, in consideration order");
        decision.Compensation.Items.Should().Equal(
            new CompensationItem("voucher", 15m, "outage", "Sorry for the outage"),
            new CompensationItem("apology", null, "outage", null));
        decision.Raw("compensation", "items").Should().Be(
            "[{\"kind\":\"voucher\",\"amount\":15.00,\"rule\":\"outage\",\"note\":\"Sorry for the outage\"},"
            + "{\"kind\":\"apology\",\"amount\":null,\"rule\":\"outage\"}]");
    }

    [Fact]
    public void Decision_without_matching_rule_or_otherwise_is_empty_with_nulls_and_total_zero()
    {
        var decision = Load("no-otherwise.policy.yaml").Decide(Case());

        decision.ToJson().Should().Be(
            "{\"case\":\"t\",\"policy\":{\"id\":\"no-otherwise\",\"version\":\"1\",\"hash\":\"" + decision.Policy.Hash + "\"},"
            + "\"compensation\":{\"total\":0.00,\"currency\":\"USD\",\"capped\":false,\"items\":[]},"
            + "\"escalation\":null,\"empowerment\":null,\"notes\":[],\"fired\":[],\"evaluatedAt\":\"2026-11-22T10:00:00+00:00\"}");
    }

    [Fact]
    public void Case_without_id_gives_a_decision_for_case_null()
    {
        var decision = Load("no-otherwise.policy.yaml").Decide("{\"severity\": \"minor\", \"channel\": \"email\", \"delay\": \"1h\"}");

        decision.CaseId.Should().BeNull();
        decision.ToJson().Should().StartWith("{\"case\":null,");
    }

    [Fact]
    public void Explanation_says_when_otherwise_applied()
    {
        Otherwise.Decide(Case(), EvaluationOptions.WithExplanation).Explanation!.OtherwiseApplied.Should().BeTrue();
        Otherwise.Decide(Case("\"noting\": true"), EvaluationOptions.WithExplanation).Explanation!.OtherwiseApplied.Should().BeFalse();
    }
}

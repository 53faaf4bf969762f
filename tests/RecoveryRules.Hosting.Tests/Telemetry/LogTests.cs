using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace RecoveryRules.Hosting.Tests.Telemetry;

/// <summary>The source-generated log messages (docs/embedding.md, "Observe"): event id and name, level, text and structured values.</summary>
public sealed class LogTests
{
    private readonly FakeLogger _logger = new();

    [Fact]
    public void Policy_loaded_is_event_1_at_information_with_the_policy_identity()
    {
        Log.PolicyLoaded(_logger, "retail", "policies/retail.policy.yaml", "retail-recovery", "2026.11", "sha256:ab12");

        var record = _logger.LatestRecord;
        AssertEvent(record, 1, "PolicyLoaded", LogLevel.Information);
        record.Message.Should().Be("Policy 'retail' loaded from policies/retail.policy.yaml: retail-recovery 2026.11 (sha256:ab12)");
        AssertState(record, ("PolicyName", "retail"), ("Source", "policies/retail.policy.yaml"), ("PolicyId", "retail-recovery"), ("PolicyVersion", "2026.11"), ("PolicyHash", "sha256:ab12"));
    }

    [Fact]
    public void Policy_reloaded_is_event_2_at_information_with_the_old_and_new_hash()
    {
        Log.PolicyReloaded(_logger, "retail", "sha256:old", "sha256:new");

        var record = _logger.LatestRecord;
        AssertEvent(record, 2, "PolicyReloaded", LogLevel.Information);
        record.Message.Should().Be("Policy 'retail' reloaded: sha256:old -> sha256:new");
        AssertState(record, ("PolicyName", "retail"), ("OldHash", "sha256:old"), ("NewHash", "sha256:new"));
    }

    [Fact]
    public void Policy_reload_failed_is_event_3_at_error_with_the_error_count_and_the_hash_kept_in_service()
    {
        Log.PolicyReloadFailed(_logger, "retail", "policies/retail.policy.yaml", 2, "sha256:kept");

        var record = _logger.LatestRecord;
        AssertEvent(record, 3, "PolicyReloadFailed", LogLevel.Error);
        record.Message.Should().Be("Policy 'retail' from policies/retail.policy.yaml was not reloaded: 2 error(s); sha256:kept stays in service");
        AssertState(record, ("PolicyName", "retail"), ("Source", "policies/retail.policy.yaml"), ("ErrorCount", "2"), ("PolicyHash", "sha256:kept"));
    }

    [Fact]
    public void Policy_diagnostic_text_is_event_4_at_warning()
    {
        Log.PolicyDiagnostic(_logger, "retail", "retail.policy.yaml(5,25): warning RR0300: something");

        var record = _logger.LatestRecord;
        AssertEvent(record, 4, "PolicyDiagnostic", LogLevel.Warning);
        record.Message.Should().Be("Policy 'retail': retail.policy.yaml(5,25): warning RR0300: something");
        AssertState(record, ("PolicyName", "retail"), ("Diagnostic", "retail.policy.yaml(5,25): warning RR0300: something"));
    }

    [Fact]
    public void An_error_diagnostic_is_event_4_at_error_in_the_cli_form_with_its_position()
    {
        var result = TelemetryData.CompileResult("broken.policy.yaml");
        var diagnostic = result.Diagnostics.Should().ContainSingle().Subject;

        Log.PolicyDiagnostic(_logger, "broken", diagnostic);

        var record = _logger.LatestRecord;
        AssertEvent(record, 4, "PolicyDiagnostic", LogLevel.Error);
        diagnostic.Id.Should().Be("RR0201");
        record.Message.Should().Be($"Policy 'broken': {diagnostic}");
        record.Message.Should().Contain("broken.policy.yaml(5,23): error RR0201: ");
    }

    [Fact]
    public void A_diagnostic_below_the_enabled_level_is_not_formatted_or_logged()
    {
        _logger.ControlLevel(LogLevel.Error, enabled: false);
        var diagnostic = TelemetryData.CompileResult("broken.policy.yaml").Diagnostics[0];

        Log.PolicyDiagnostic(_logger, "broken", diagnostic);

        _logger.Collector.Count.Should().Be(0);
    }

    [Fact]
    public void Shadow_difference_is_event_5_at_information_with_the_case_id_and_the_differences()
    {
        Log.ShadowDifference(_logger, "retail", "c-1043", "sha256:cand", "compensation.total: 12.00 -> 24.00");

        var record = _logger.LatestRecord;
        AssertEvent(record, 5, "ShadowDifference", LogLevel.Information);
        record.Message.Should().Be("Shadow policy sha256:cand of 'retail' differs for case c-1043: compensation.total: 12.00 -> 24.00");
        AssertState(record, ("PolicyName", "retail"), ("CaseId", "c-1043"), ("CandidateHash", "sha256:cand"), ("Differences", "compensation.total: 12.00 -> 24.00"));
    }

    [Fact]
    public void Shadow_failed_is_event_6_at_warning_with_the_exception()
    {
        var exception = new InvalidOperationException("candidate broke");

        Log.ShadowFailed(_logger, "retail", null, exception);

        var record = _logger.LatestRecord;
        AssertEvent(record, 6, "ShadowFailed", LogLevel.Warning);
        record.Exception.Should().BeSameAs(exception);
        record.Message.Should().Be("Shadow policy of 'retail' failed for case (null)");
    }

    [Fact]
    public void Every_log_event_id_is_unique_and_within_1_to_20()
    {
        var ids = typeof(Log).GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Select(m => m.GetCustomAttributes(typeof(LoggerMessageAttribute), inherit: false).Cast<LoggerMessageAttribute>().SingleOrDefault())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToList();

        ids.Should().HaveCount(8).And.OnlyHaveUniqueItems().And.AllSatisfy(id => id.Should().BeInRange(1, 20));
    }

    private static void AssertEvent(FakeLogRecord record, int id, string name, LogLevel level)
    {
        record.Id.Id.Should().Be(id);
        record.Id.Name.Should().Be(name);
        record.Level.Should().Be(level);
    }

    private static void AssertState(FakeLogRecord record, params (string Key, string? Value)[] expected)
    {
        foreach (var (key, value) in expected)
        {
            record.GetStructuredStateValue(key).Should().Be(value, "the structured value {0}", key);
        }
    }
}

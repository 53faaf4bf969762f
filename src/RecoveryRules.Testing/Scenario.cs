using RecoveryRules.Testing.Running;
using RecoveryRules.Text;

namespace RecoveryRules.Testing;

/// <summary>
/// One case of a scenario file: a case as given, the clock it is evaluated at, and the parts of the
/// decision it expects (docs/auditing.md, "Scenario tests"). Immutable; running it never changes it.
/// </summary>
public sealed class Scenario
{
    private ScenarioSuite? _suite;

    internal Scenario(string name, SourceLocation location, ReadOnlyMemory<byte> given, DateTimeOffset? now, ScenarioExpectation expectation)
    {
        Name = name;
        Location = location;
        Given = given;
        Now = now;
        Expectation = expectation;
    }

    /// <summary>The case's <c>name</c>, unique in its file.</summary>
    public string Name { get; }

    /// <summary>Where the case's <c>name</c> is written: failures are reported there.</summary>
    public SourceLocation Location { get; }

    /// <summary>The file the scenario belongs to.</summary>
    public ScenarioSuite Suite => _suite ?? throw new InvalidOperationException("The scenario is not part of a suite yet.");

    /// <summary>The case as given, as UTF-8 JSON (the YAML of <c>given</c> converted: plain numbers are numbers, quoted ones text).</summary>
    internal ReadOnlyMemory<byte> Given { get; }

    /// <summary>The case's own <c>now</c>, when it sets one.</summary>
    internal DateTimeOffset? Now { get; }

    /// <summary>The evaluation clock: the case's <c>now</c>, else the file's; <c>null</c> for the policy's own clock.</summary>
    internal DateTimeOffset? Clock => Now ?? Suite.Now;

    internal ScenarioExpectation Expectation { get; }

    /// <summary>Evaluates the case (with an explanation) and compares the decision with what the scenario expects.</summary>
    /// <returns>Passed, failed or errored, with every mismatch.</returns>
    public ScenarioResult Run() => ScenarioRunner.Run(this);

    /// <summary>Runs the scenario and throws unless it passed, for use inside a test framework's test.</summary>
    /// <exception cref="ScenarioFailedException">The scenario failed or errored; the message is <see cref="ScenarioResult.Describe"/>.</exception>
    public void Verify()
    {
        var result = Run();
        if (!result.Passed)
        {
            throw new ScenarioFailedException(result);
        }
    }

    /// <summary>The scenario's name, so test runners show it as the test case's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    internal void AttachTo(ScenarioSuite suite) => _suite = suite;
}

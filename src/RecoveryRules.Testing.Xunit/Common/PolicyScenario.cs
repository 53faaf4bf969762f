using System.ComponentModel;
#if XUNIT_V3
using Xunit.Sdk;
#else
using Xunit.Abstractions;
#endif

namespace RecoveryRules.Testing;

/// <summary>
/// One test case of a <see cref="PolicyScenariosAttribute"/> theory: one scenario of a scenario file,
/// or, when the file does not load, the one failing case that lists why. Its <see cref="ToString"/> is
/// the scenario's name, which test explorers show; xUnit serializes it (the file and the name), so
/// each scenario is discovered, listed and run as its own test case.
/// </summary>
public sealed class PolicyScenario : IXunitSerializable
{
    private string _given = string.Empty;
    private string _path = string.Empty;
    private string _name = string.Empty;
    private Scenario? _scenario;
    private string? _problem;

    /// <summary>For xUnit only, which creates the case empty and then deserializes it; use <see cref="PolicyScenariosAttribute"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by xUnit to deserialize a test case; PolicyScenariosAttribute creates the cases.")]
    public PolicyScenario()
    {
    }

    /// <summary>The scenario's name; for a file that does not load, <c>PATH does not load</c>.</summary>
    public string Name => _name;

    /// <summary>The scenario file's full path.</summary>
    public string Path => _path;

    /// <summary>The scenario; <c>null</c> when its file does not load (then <see cref="Verify"/> says why).</summary>
    public Scenario? Scenario => _scenario;

    /// <summary>Runs the scenario and throws unless it passed: call it as the test's body.</summary>
    /// <exception cref="ScenarioFailedException">
    /// The scenario failed or errored (the message is <see cref="ScenarioResult.Describe"/>: each part of
    /// the decision that differs, expected and actual, why the expected rules did not fire, and how the
    /// policy decided), or its file does not load (the message lists the file's diagnostics).
    /// </exception>
    public void Verify()
    {
        if (_scenario is null)
        {
            throw new ScenarioFailedException(_problem ?? "The test case was not created by PolicyScenarios, so it names no scenario.");
        }

        _scenario.Verify();
    }

    /// <summary>The scenario's name, which xUnit shows as the test case's argument.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => _name;

    /// <inheritdoc/>
    void IXunitSerializable.Serialize(IXunitSerializationInfo info)
    {
        info.AddValue("given", _given, typeof(string));
        info.AddValue("path", _path, typeof(string));
        info.AddValue("name", _name, typeof(string));
        info.AddValue("loaded", _scenario is not null, typeof(bool));
        info.AddValue("problem", _scenario is null ? _problem : null, typeof(string));
    }

    /// <inheritdoc/>
    void IXunitSerializable.Deserialize(IXunitSerializationInfo info)
    {
        _given = info.GetValue<string>("given") ?? string.Empty;
        _path = info.GetValue<string>("path") ?? string.Empty;
        _name = info.GetValue<string>("name") ?? string.Empty;
        var loaded = info.GetValue<bool>("loaded");
        if (!System.IO.Path.IsPathFullyQualified(_path))
        {
            // No file was named, or not a valid path: what discovery said stands.
            _problem = info.GetValue<string>("problem") ?? $"PolicyScenarios names '{_given}', which is not a scenario file.";
            return;
        }

        // The file is read again, as it is now: a file fixed since discovery runs, a file broken since says why.
        var load = ScenarioFiles.Load(_path);
        if (!load.Success)
        {
            _problem = ScenarioFiles.LoadFailure(_given, _path, load);
        }
        else if (!loaded)
        {
            _problem = $"The scenario file '{_given}' did not load when the tests were discovered, and loads now ({_path}): discover the tests again.";
        }
        else
        {
            _scenario = load.Suite.Scenarios.FirstOrDefault(s => s.Name == _name);
            _problem = _scenario is null ? $"The scenario '{_name}' is no longer in '{_given}' ({_path}): discover the tests again." : null;
        }
    }

    /// <summary>The test case of one scenario.</summary>
    internal static PolicyScenario Of(string given, string path, Scenario scenario) =>
#pragma warning disable CS0618 // the one constructor, obsolete only for callers outside
        new() { _given = given, _path = path, _name = scenario.Name, _scenario = scenario };

    /// <summary>The one failing test case of a file that gives no scenarios.</summary>
    internal static PolicyScenario Failed(string given, string path, string problem) =>
        new() { _given = given, _path = path, _name = given.Length == 0 ? "PolicyScenarios names no file" : $"{given} does not load", _problem = problem };
#pragma warning restore CS0618
}

namespace RecoveryRules.Emit;

/// <summary>The seam between a compiled policy and how its rules run: today one compiled delegate per policy; another backend could stand here.</summary>
internal interface IRuleProgram
{
    /// <summary>Runs the rules over the frame: fills the fired rules, amounts, limits and cap.</summary>
    void Run(CaseFrame frame, bool explain);
}

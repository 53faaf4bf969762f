namespace RecoveryRules;

/// <summary>How a policy's compiled rules run. Every choice gives the same decisions; they differ in load time and speed.</summary>
public enum RuleExecution
{
    /// <summary>Interpreted from load (about a millisecond for hundreds of rules), then compiled to IL on the thread pool after the policy's first evaluations, and swapped in.</summary>
    Tiered = 0,

    /// <summary>Compiled to IL while the policy loads: the slowest load (the JIT), the fastest first evaluation.</summary>
    Compiled = 1,

    /// <summary>Always interpreted: the fastest load, about five times slower evaluation; for policies checked or used only a few times.</summary>
    Interpreted = 2,
}

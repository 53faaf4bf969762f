namespace RecoveryRules;

/// <summary>How a policy's compiled rules run. Every choice gives the same decisions; they differ in load time and speed.</summary>
public enum RuleExecution
{
    /// <summary>
    /// Run by the closure program from load (a tree of small precompiled node objects, built in well under a millisecond even for
    /// hundreds of rules), then compiled to IL on the thread pool after the policy's first evaluations, and swapped in; a policy of
    /// 100 rules or more that the closure program matches exactly swaps in the matched closure program instead, which runs it
    /// faster than IL (docs/design.md §41).
    /// </summary>
    Tiered = 0,

    /// <summary>Compiled to IL while the policy loads: the slowest load (the JIT), the fastest first evaluation.</summary>
    Compiled = 1,

    /// <summary>
    /// Never compiled to IL: the closure program only, the fastest load, with evaluation within about 1.5 to 2 times the IL
    /// program's; for policies checked or used only a few times. Where dynamic code is not supported (Native AOT) every
    /// choice runs this way (docs/design.md §20).
    /// </summary>
    Interpreted = 2,
}

namespace RecoveryRules.Analysis;

/// <summary>
/// The value of a condition over one cell of the decision space (docs/design.md, "Policy
/// analysis"): it holds for every case of the cell, for none, or the analysis cannot tell
/// (a comparison of two facts with each other, a function of a fact it cannot split).
/// </summary>
internal enum Truth : byte
{
    False,
    True,
    Unknown,
}

/// <summary>Kleene's three-valued logic: <c>and</c>, <c>or</c> and <c>not</c> with an unknown operand.</summary>
internal static class Kleene
{
    public static Truth Of(bool value) => value ? Truth.True : Truth.False;

    public static Truth And(Truth left, Truth right) =>
        left == Truth.False || right == Truth.False ? Truth.False
        : left == Truth.True && right == Truth.True ? Truth.True
        : Truth.Unknown;

    public static Truth Or(Truth left, Truth right) =>
        left == Truth.True || right == Truth.True ? Truth.True
        : left == Truth.False && right == Truth.False ? Truth.False
        : Truth.Unknown;

    public static Truth Not(Truth value) => value switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };
}

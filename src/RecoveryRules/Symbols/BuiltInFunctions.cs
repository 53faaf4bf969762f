using System.Collections.Immutable;

namespace RecoveryRules.Symbols;

/// <summary>Which built-in function a call names; the emitter gives each its code.</summary>
internal enum BuiltInFunctionKind
{
    Min,
    Max,
    Clamp,
    Round,
    Abs,
}

/// <summary>
/// A function of the language (docs/policy-language.md §5, Functions): its name, how many
/// arguments it takes, and that count as a message says it.
/// </summary>
internal sealed record BuiltInFunction(BuiltInFunctionKind Kind, string Name, int MinArguments, int MaxArguments, string Arity)
{
    /// <summary>Whether a call with <paramref name="count"/> arguments has the right number.</summary>
    public bool Accepts(int count) => count >= MinArguments && count <= MaxArguments;
}

/// <summary>
/// The one declaration of the built-in functions. The binder looks calls up here, the reserved
/// names (RR0016) and the unknown-function message (RR0207) list them from here, and the tests
/// check the JSON schema and the docs against it. A policy cannot call anything else: it cannot
/// reach .NET.
/// </summary>
internal static class BuiltInFunctions
{
    /// <summary>Every function, in the order the docs list them.</summary>
    public static ImmutableArray<BuiltInFunction> All { get; } =
    [
        new(BuiltInFunctionKind.Min, "min", 1, int.MaxValue, "one or more arguments"),
        new(BuiltInFunctionKind.Max, "max", 1, int.MaxValue, "one or more arguments"),
        new(BuiltInFunctionKind.Clamp, "clamp", 3, 3, "three arguments (x, low, high)"),
        new(BuiltInFunctionKind.Round, "round", 1, 1, "one argument"),
        new(BuiltInFunctionKind.Abs, "abs", 1, 1, "one argument"),
    ];

    /// <summary>The names of <see cref="All"/>, in order.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The names as a message lists them: "min, max, clamp, round and abs".</summary>
    public static string NameList { get; } = string.Join(", ", Names[..^1]) + " and " + Names[^1];

    /// <summary>Finds the function called <paramref name="name"/> (case-sensitive, as every name).</summary>
    public static BuiltInFunction? Find(string name)
    {
        foreach (var function in All)
        {
            if (string.Equals(function.Name, name, StringComparison.Ordinal))
            {
                return function;
            }
        }

        return null;
    }
}

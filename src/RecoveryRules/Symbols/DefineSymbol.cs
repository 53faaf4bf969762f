using RecoveryRules.Text;

namespace RecoveryRules.Symbols;

/// <summary>
/// A named expression from <c>define</c> (docs/policy-language.md §4): its name, the type of its
/// body and its index, the define's value slot in the case frame. Immutable: the binder creates it
/// once the body is bound; the body itself is in the bound tree (<c>BoundDefine</c>).
/// </summary>
internal sealed class DefineSymbol(string name, PolicyType type, int index, SourceLocation location)
{
    public string Name { get; } = name;

    /// <summary>The type of the define's body (the error type when the body has errors).</summary>
    public PolicyType Type { get; } = type;

    /// <summary>The define's position in the policy's defines, in file order: its value slot in the case frame.</summary>
    public int Index { get; } = index;

    /// <summary>Where the define is named in the file.</summary>
    public SourceLocation Location { get; } = location;

    public override string ToString() => Name;
}

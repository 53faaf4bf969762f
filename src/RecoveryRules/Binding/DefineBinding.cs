using RecoveryRules.Symbols;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Binding;

/// <summary>
/// The binder's working state for one define while the policy is bound: its source, parsed body,
/// whether it is being bound (to find cycles), used, too deep. Never leaves the binder: what the
/// rest of the compiler sees is the <see cref="DefineSymbol"/> and the bound body
/// (<see cref="BoundDefine"/>), both complete once <see cref="Bind"/> has run.
/// </summary>
internal sealed class DefineBinding(string name, ScalarSyntax source, int index, SourceLocation location, bool isMalformed = false)
{
    /// <summary>Whether the front end already reported the define's value as malformed.</summary>
    public bool IsMalformed { get; } = isMalformed;

    public string Name { get; } = name;

    public ScalarSyntax Source { get; } = source;

    /// <summary>The define's index in the bound policy: its value slot in the case frame.</summary>
    public int Index { get; } = index;

    public SourceLocation Location { get; } = location;

    /// <summary>The bound body, once bound.</summary>
    public BoundExpression? Body { get; private set; }

    /// <summary>The define's symbol, created with its body.</summary>
    public DefineSymbol? Symbol { get; private set; }

    public bool IsBinding { get; set; }

    public bool IsUsed { get; set; }

    /// <summary>The body parsed once, before any define is bound (the binder orders defines by their uses).</summary>
    public ExpressionSyntax? Syntax { get; set; }

    /// <summary>Whether this define is an error without its body being bound (it builds on defines too deep).</summary>
    public bool IsTooDeep { get; set; }

    /// <summary>Records the bound body and creates the define's symbol, with the body's type.</summary>
    public void Bind(BoundExpression body)
    {
        Body = body;
        Symbol = new DefineSymbol(Name, body.Type, Index, Location);
    }
}

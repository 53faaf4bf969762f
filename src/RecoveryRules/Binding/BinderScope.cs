using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;
using RecoveryRules.Text;

namespace RecoveryRules.Binding;

/// <summary>What every expression of a policy can see: its facts, defines, vocabularies and currency.</summary>
internal sealed class BinderScope(
    IReadOnlyDictionary<string, FactSymbol> facts,
    IReadOnlyDictionary<string, DefineBinding> defines,
    IReadOnlyList<Vocabulary> vocabularies,
    string currency,
    DiagnosticBag diagnostics)
{
    private readonly List<EvaluationSite> _sites = [];

    public IReadOnlyDictionary<string, FactSymbol> Facts { get; } = facts;

    public IReadOnlyDictionary<string, DefineBinding> Defines { get; } = defines;

    public IReadOnlyList<Vocabulary> Vocabularies { get; } = vocabularies;

    public string Currency { get; } = currency;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public IReadOnlyList<EvaluationSite> Sites => _sites;

    /// <summary>The defines whose bodies are being bound, outermost first: the path of a cycle.</summary>
    public List<DefineBinding> DefinesBeingBound { get; } = [];

    /// <summary>The uses of defines that close a cycle: reported when the defines were ordered, bound as errors.</summary>
    public HashSet<NameExpressionSyntax> CycleUses { get; } = new(ReferenceEqualityComparer.Instance);

    public int AddSite(string description, SourceLocation location)
    {
        _sites.Add(new EvaluationSite(description, location));
        return _sites.Count - 1;
    }
}

using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Syntax;

namespace RecoveryRules.Binding;

// PolicyBinder.Defines: orders the defines so that each is bound after the defines it uses. The
// walk is iterative, so a chain of a thousand defines (d2 uses d1 uses d0…) costs no stack: the
// binder then never recurses from one define's body into another's. Cycles and chains deeper than
// MaxDefineDepth are reported here, once, at the use that closes or deepens them.
internal sealed partial class PolicyBinder
{
    /// <summary>
    /// How many levels of defines may build on each other. A define used at run time computes the
    /// defines it uses first, one call deeper each (docs/design.md, "define"), so the limit keeps
    /// that within a few tens of kilobytes of stack on any thread.
    /// </summary>
    public const int MaxDefineDepth = 100;

    private List<DefineBinding> OrderDefines(BinderScope scope, Dictionary<string, DefineBinding> defines)
    {
        var uses = new Dictionary<DefineBinding, List<DefineUse>>(ReferenceEqualityComparer.Instance);
        foreach (var define in defines.Values)
        {
            var list = new List<DefineUse>();
            if (!define.IsMalformed)
            {
                define.Syntax = ExpressionParser.Parse(define.Source.Value, define.Source.Map, _diagnostics, $"The define '{define.Name}'");
                CollectUses(scope, define.Syntax, list);
            }

            uses[define] = list;
        }

        // Depth first, in file order and each body's order of uses, as the binder would meet them.
        const int OnPath = 1, Done = 2;
        var state = new Dictionary<DefineBinding, int>(ReferenceEqualityComparer.Instance);
        var depth = new Dictionary<DefineBinding, DefineDepth>(ReferenceEqualityComparer.Instance);
        var order = new List<DefineBinding>(defines.Count);
        var path = new List<DefineBinding>();
        var stack = new Stack<WalkStep>();
        var cyclic = new HashSet<DefineBinding>(ReferenceEqualityComparer.Instance);
        foreach (var root in defines.Values)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            state[root] = OnPath;
            path.Add(root);
            stack.Push(new WalkStep(root, 0));
            while (stack.Count > 0)
            {
                var (define, next) = stack.Pop();
                var list = uses[define];
                if (next < list.Count)
                {
                    stack.Push(new WalkStep(define, next + 1));
                    var (used, at) = list[next];
                    var usedState = state.GetValueOrDefault(used);
                    if (usedState == 0)
                    {
                        state[used] = OnPath;
                        path.Add(used);
                        stack.Push(new WalkStep(used, 0));
                    }
                    else if (usedState == OnPath)
                    {
                        var cycle = path.Skip(path.IndexOf(used)).Select(d => d.Name).Append(used.Name);
                        _diagnostics.Add(RecoveryDiagnostics.DefineCycle, define.Source.Map.Locate(at.Span), used.Name, string.Join(" → ", cycle));
                        scope.CycleUses.Add(at);
                        cyclic.UnionWith(path.Skip(path.IndexOf(used)));
                    }

                    continue;
                }

                state[define] = Done;
                path.RemoveAt(path.Count - 1);
                order.Add(define);
                depth[define] = Measure(scope, define, list, depth, cyclic);
            }
        }

        return order;
    }

    /// <summary>How many levels of defines <paramref name="define"/> builds on; reports the first define of a chain that is too deep.</summary>
    private DefineDepth Measure(BinderScope scope, DefineBinding define, List<DefineUse> uses,
        Dictionary<DefineBinding, DefineDepth> depth, HashSet<DefineBinding> cyclic)
    {
        var levels = 1;
        DefineBinding? deepest = null;
        NameExpressionSyntax? deepestUse = null;
        foreach (var (used, at) in uses)
        {
            if (scope.CycleUses.Contains(at))
            {
                continue;
            }

            if (used.IsTooDeep)
            {
                define.IsTooDeep = true; // reported at the define that first went too deep
            }

            if (depth[used].Levels + 1 > levels)
            {
                levels = depth[used].Levels + 1;
                deepest = used;
                deepestUse = at;
            }
        }

        // A define on or over a cycle is already an error (RR0210): its depth would be a cascade.
        if (cyclic.Contains(define) || uses.Exists(u => cyclic.Contains(u.Define)))
        {
            cyclic.Add(define);
            return new DefineDepth(levels, deepest);
        }

        if (levels > MaxDefineDepth && !define.IsTooDeep)
        {
            define.IsTooDeep = true;
            var chain = new List<string> { define.Name };
            for (var d = deepest; d is not null; d = depth[d].Deepest)
            {
                chain.Add(d.Name);
            }

            var shown = chain.Count <= 4 ? chain : [chain[0], chain[1], "…", chain[^1]];
            _diagnostics.Add(RecoveryDiagnostics.DefinesNestTooDeep, define.Source.Map.Locate(deepestUse!.Span), define.Name, MaxDefineDepth, string.Join(" → ", shown));
        }

        return new DefineDepth(levels, deepest);
    }

    /// <summary>The uses of defines in <paramref name="syntax"/>, left to right, found without recursion.</summary>
    private static void CollectUses(BinderScope scope, ExpressionSyntax syntax, List<DefineUse> uses)
    {
        var pending = new Stack<ExpressionSyntax>();
        pending.Push(syntax);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case NameExpressionSyntax name:
                    if (UsedDefine(scope, name.Name) is { } define)
                    {
                        uses.Add(new DefineUse(define, name));
                    }

                    break;
                case UnaryExpressionSyntax unary:
                    pending.Push(unary.Operand);
                    break;
                case BinaryExpressionSyntax binary:
                    pending.Push(binary.Right);
                    pending.Push(binary.Left);
                    break;
                case InExpressionSyntax @in:
                    pending.Push(@in.List);
                    pending.Push(@in.Left);
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    pending.Push(parenthesized.Expression);
                    break;
                case ListExpressionSyntax list:
                    for (var i = list.Items.Length - 1; i >= 0; i--)
                    {
                        pending.Push(list.Items[i]);
                    }

                    break;
                case CallExpressionSyntax call:
                    for (var i = call.Arguments.Length - 1; i >= 0; i--)
                    {
                        pending.Push(call.Arguments[i]);
                    }

                    break;
            }
        }
    }

    /// <summary>The define a name refers to, looked up as the binder does: a fact first, then a define, then a define's duration part.</summary>
    private static DefineBinding? UsedDefine(BinderScope scope, string name)
    {
        if (scope.Facts.ContainsKey(name))
        {
            return null;
        }

        if (scope.Defines.TryGetValue(name, out var define))
        {
            return define;
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 && !scope.Facts.ContainsKey(name[..dot]) && scope.Defines.TryGetValue(name[..dot], out var owner) ? owner : null;
    }

    // Classes, not value tuples: a collection of a value tuple is generic code that ReadyToRun cannot precompile,
    // so every fresh process would compile it (docs/performance.md, "Where the time goes in a fresh process").
    private sealed record DefineUse(DefineBinding Define, NameExpressionSyntax At);

    private sealed record DefineDepth(int Levels, DefineBinding? Deepest);

    private sealed record WalkStep(DefineBinding Define, int Next);
}

using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace RecoveryRules;

/// <summary>Compiling the batch readers' hot methods ahead of the first case (docs/design.md §31).</summary>
internal sealed partial class CaseReader
{
    /// <summary>
    /// Compiles the <c>[AggressiveOptimization]</c> methods of the case-shape scanner and the <see cref="System.Text.Json.Utf8JsonReader"/>
    /// pass (docs/design.md §22) now, on this thread; returns how many. Where code is not compiled at run time, nothing (0).
    /// </summary>
    internal static int PrepareBatchMethods() =>
        OptimizedMethods.Prepare(typeof(CaseReader)) + OptimizedMethods.Prepare(typeof(ScannedNumber)) + OptimizedMethods.Prepare(typeof(ScanNames))
        + OptimizedMethods.Prepare(typeof(ScanName)) + OptimizedMethods.Prepare(typeof(ScanCompletion)) + OptimizedMethods.Prepare(typeof(FieldTable))
        + OptimizedMethods.Prepare(typeof(DurationCache));
}

/// <summary>Compiles a type's <c>[AggressiveOptimization]</c> methods ahead of their first call (docs/design.md §31).</summary>
internal static class OptimizedMethods
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>
    /// Compiles every non-generic method <paramref name="type"/> declares with <see cref="MethodImplOptions.AggressiveOptimization"/>
    /// (which the JIT compiles fully optimised, once, at the first call) and returns how many it compiled.
    /// </summary>
    public static int Prepare([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] Type type)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled || type.IsGenericTypeDefinition)
        {
            return 0;
        }

        var prepared = 0;
        foreach (var method in type.GetMethods(Declared))
        {
            if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 && !method.IsGenericMethodDefinition && !method.IsAbstract)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
                prepared++;
            }
        }

        return prepared;
    }
}

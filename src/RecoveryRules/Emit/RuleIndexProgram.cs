namespace RecoveryRules.Emit;

/// <summary>
/// The rules of an indexed program (docs/design.md, "Rule indexing"): the policy's rules in chunks
/// of 64 (one word of the candidate bitset each), each chunk its own small program
/// <c>(frame, count, bits) =&gt; count</c> that runs the rules whose bits are set, in consideration
/// order, through a jump table on the rule's number. A chunk returns the new count of fired rules,
/// or its complement (<c>~count</c>, negative) when a <c>stop</c> rule fired.
/// </summary>
/// <remarks>
/// Small programs also keep each method far below the size at which the JIT stops optimizing
/// (a 2,000-rule policy as one method is about 240 KB of IL).
/// </remarks>
internal sealed class RuleIndexProgram(RuleIndex index)
{
    private static readonly System.Reflection.MethodInfo RunMethod = typeof(RuleIndexProgram).GetMethod(nameof(Run))!;

    /// <summary>The compiled (or interpreted) chunks, set by <see cref="EmittedProgram.Compile"/>.</summary>
    private readonly Func<CaseFrame, int, ulong, int>[] _chunks = new Func<CaseFrame, int, ulong, int>[index.Words];

    public RuleIndex Index => index;

    public static System.Reflection.MethodInfo RunInfo => RunMethod;

    public void SetChunk(int chunk, Func<CaseFrame, int, ulong, int> program) => _chunks[chunk] = program;

    /// <summary>Runs the case's candidate rules in consideration order; returns how many fired.</summary>
    public int Run(CaseFrame frame)
    {
        var words = index.Select(frame);
        var chunks = _chunks;
        var count = 0;
        for (var c = 0; c < chunks.Length; c++)
        {
            var bits = words[c];
            if (bits != 0)
            {
                count = chunks[c](frame, count, bits);
                if (count < 0)
                {
                    return ~count;
                }
            }
        }

        return count;
    }
}

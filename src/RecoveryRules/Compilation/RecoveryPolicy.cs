using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RecoveryRules.Binding;
using RecoveryRules.Diagnostics;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Text;

namespace RecoveryRules;

/// <summary>
/// A compiled recovery policy: immutable and safe to share across threads. Read cases against
/// it and evaluate them into decisions. Obtain one from the YAML front end
/// (<c>RecoveryRules.Yaml.PolicyYaml</c>).
/// </summary>
public sealed partial class RecoveryPolicy
{
    // 1 once this process has read its first case (IsFirstCaseOfProcess).
    private static int _firstCaseRead;

    private readonly PolicyEvaluator _evaluator;
    private readonly CaseReader _reader;

    /// <summary>The policy's case reader: the checks every case goes through, JSON or built in code.</summary>
    internal CaseReader Reader => _reader;

    internal RecoveryPolicy(BoundPolicy bound, PolicyIdentity identity, IRuleProgram program, RecoveryPolicyOptions options)
    {
        Bound = bound;
        Identity = identity;
        _evaluator = new PolicyEvaluator(bound, program, identity, options.TimeProvider);
        _reader = new CaseReader(bound, this);
        RuleIds = RuleIdsInFileOrder(bound);
        Facts = FactNamesInOrdinalOrder(bound);
    }

    internal BoundPolicy Bound { get; }

    // Without LINQ's OrderBy, whose sorter uses Vector<T> code that ReadyToRun never precompiles, so a fresh process
    // would JIT it (docs/performance.md, "Where the time goes in a fresh process"). A rule's index is its place in
    // the file, 0 to n - 1, and fact names are unique, so the order is the one OrderBy gave.
    private static ImmutableArray<string> RuleIdsInFileOrder(BoundPolicy bound)
    {
        var ids = new string[bound.Rules.Length];
        foreach (var rule in bound.Rules)
        {
            ids[rule.Index] = rule.Id;
        }

        return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(ids);
    }

    private static ImmutableArray<string> FactNamesInOrdinalOrder(BoundPolicy bound)
    {
        var names = new string[bound.Facts.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = bound.Facts[i].Name;
        }

        Array.Sort(names, StringComparer.Ordinal);
        return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(names);
    }

    internal IRuleProgram Program => _evaluator.Program;

    /// <summary>The policy's evaluator (a typed case mapping evaluates its slots with it).</summary>
    internal PolicyEvaluator Evaluator => _evaluator;

    /// <summary>The policy's clock (<see cref="RecoveryPolicyOptions.TimeProvider"/>).</summary>
    internal TimeProvider Clock => _evaluator.Clock;

    /// <summary>The policy's id, version and content hash.</summary>
    public PolicyIdentity Identity { get; }

    /// <summary>The currency of the policy's money.</summary>
    public string Currency => Bound.Currency;

    /// <summary>The policy's description, if any.</summary>
    public string? Description => Bound.Description;

    /// <summary>The rule ids, in file order.</summary>
    public ImmutableArray<string> RuleIds { get; }

    /// <summary>The names of the facts a case may give (built-in and declared), sorted.</summary>
    public ImmutableArray<string> Facts { get; }

    /// <summary>Reads a case from JSON text (docs/policy-language.md, "Cases").</summary>
    /// <param name="json">One JSON object.</param>
    /// <returns>The case.</returns>
    /// <exception cref="CaseException">The case is malformed or does not fit the policy.</exception>
    public RecoveryCase ReadCase(string json) =>
        TryReadCase(json, out var recoveryCase, out var error) ? recoveryCase : throw new CaseException(error);

    /// <summary>Reads a case from JSON text, without throwing.</summary>
    /// <param name="json">One JSON object.</param>
    /// <param name="recoveryCase">The case, when it could be read.</param>
    /// <param name="error">Why it could not, otherwise.</param>
    /// <returns>Whether the case was read.</returns>
    public bool TryReadCase(string json, [NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryReadCase(EncodeUtf8(json), ownsInput: true, out recoveryCase, out error);
    }

    /// <summary>Reads a case from UTF-8 JSON, without throwing.</summary>
    /// <param name="utf8Json">One JSON object, UTF-8 encoded.</param>
    /// <param name="recoveryCase">The case, when it could be read.</param>
    /// <param name="error">Why it could not, otherwise.</param>
    /// <returns>Whether the case was read.</returns>
    public bool TryReadCase(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error) =>
        TryReadCase(utf8Json, ownsInput: false, out recoveryCase, out error);

    /// <summary>
    /// Reads a case from UTF-8 JSON. <paramref name="ownsInput"/>: the bytes stay unchanged for as long as the case
    /// is used (they are this library's own, or the CLI records the case before it reuses its buffer), so the case
    /// keeps them as what it was given instead of a copy (docs/auditing.md, "Decision records").
    /// </summary>
    internal bool TryReadCase(ReadOnlyMemory<byte> utf8Json, bool ownsInput, [NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error)
    {
        try
        {
            return ParseAndRead(utf8Json, ownsInput, out recoveryCase, out error);
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            recoveryCase = null;
            error = InternalError("reading", exception);
            return false;
        }
    }

    private bool ParseAndRead(ReadOnlyMemory<byte> utf8Json, bool ownsInput, [NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error) =>
        ParseAndRead(utf8Json, ownsInput, tryPlain: !IsFirstCaseOfProcess(), out recoveryCase, out error);

    /// <summary>
    /// Reads a case: with <paramref name="tryPlain"/>, the one-pass read of a plain, valid case first
    /// (<see cref="CaseReader.TryReadPlainUtf8"/>); otherwise, and for anything that read declines, the document path.
    /// Both read every case alike (docs/design.md §22, §23), so the choice changes only how fast.
    /// </summary>
    internal bool ParseAndRead(ReadOnlyMemory<byte> utf8Json, bool ownsInput, bool tryPlain, [NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error)
    {
        if (utf8Json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Json = utf8Json[3..]; // a UTF-8 byte order mark
        }

        // A plain, valid case is read in one pass over its bytes; any other input goes through the document, which names its error.
        recoveryCase = null;
        if (tryPlain && _reader.TryReadPlainUtf8(utf8Json, ownsInput, out recoveryCase))
        {
            error = null;
            return true;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException exception)
        {
            recoveryCase = null;
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : string.Empty;
            error = new CaseError(null, RecoveryDiagnostics.MalformedCase.Id,
                RecoveryDiagnostics.MalformedCase.Format(FirstSentence(exception.Message) + where), null);
            return false;
        }

        using (document)
        {
            return _reader.TryRead(document.RootElement, ownsInput ? utf8Json : default, out recoveryCase, out error);
        }
    }

    /// <summary>
    /// Whether this is the first case this process reads through <see cref="ParseAndRead(ReadOnlyMemory{byte}, bool, out RecoveryCase?, out CaseError?)"/>
    /// where code is compiled at run time (docs/design.md §23; docs/performance.md, "The first decision, second pass"). That case goes through the document path:
    /// the one-pass read's methods are <c>[AggressiveOptimization]</c> for the batch, and ReadyToRun never precompiles
    /// such methods, so a fresh process would wait for the JIT to compile them fully optimised (about 30 ms) before its
    /// first decision, where the document path is precompiled. From the second case on, the one-pass read, compiled
    /// then. Native AOT precompiles everything: there every case takes the one-pass read.
    /// </summary>
    private static bool IsFirstCaseOfProcess() =>
        Volatile.Read(ref _firstCaseRead) == 0
        && System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled
        && Interlocked.Exchange(ref _firstCaseRead, 1) == 0;

    /// <summary>Reads a case from a parsed JSON element, without throwing.</summary>
    /// <param name="json">The case object.</param>
    /// <param name="recoveryCase">The case, when it could be read.</param>
    /// <param name="error">Why it could not, otherwise.</param>
    /// <returns>Whether the case was read.</returns>
    public bool TryReadCase(JsonElement json, [NotNullWhen(true)] out RecoveryCase? recoveryCase, [NotNullWhen(false)] out CaseError? error)
    {
        try
        {
            return _reader.TryRead(json, default, out recoveryCase, out error);
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            recoveryCase = null;
            error = InternalError("reading", exception);
            return false;
        }
    }

    /// <summary>Starts building a case in code, fact by fact; the built case is checked exactly as JSON is.</summary>
    /// <param name="id">The case id, if any.</param>
    /// <returns>A builder.</returns>
    public RecoveryCaseBuilder CreateCase(string? id = null) => new(this, id);

    /// <summary>Evaluates a case into a decision.</summary>
    /// <param name="recoveryCase">A case read by this policy.</param>
    /// <param name="options">Whether to explain; the fast path by default.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="CaseException">The case's values make an expression fail (a division by zero, a negative amount, a total beyond the decimal range).</exception>
    /// <exception cref="ArgumentException">The case was read by another policy.</exception>
    public Decision Evaluate(RecoveryCase recoveryCase, EvaluationOptions? options = null) =>
        TryEvaluate(recoveryCase, out var decision, out var error, options) ? decision : throw new CaseException(error);

    /// <summary>Evaluates a case into a decision, without throwing on case errors: whatever the case's values, a failure is the case's error (an unexpected one is RR0429).</summary>
    /// <param name="recoveryCase">A case read by this policy.</param>
    /// <param name="decision">The decision, when the case could be evaluated.</param>
    /// <param name="error">Why it could not, otherwise.</param>
    /// <param name="options">Whether to explain; the fast path by default.</param>
    /// <returns>Whether the case was evaluated.</returns>
    /// <exception cref="ArgumentException">The case was read by another policy.</exception>
    public bool TryEvaluate(RecoveryCase recoveryCase, [NotNullWhen(true)] out Decision? decision, [NotNullWhen(false)] out CaseError? error, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recoveryCase);
        if (!ReferenceEquals(recoveryCase.Policy, Bound))
        {
            throw new ArgumentException("The case was read by another policy; read it with this policy's ReadCase.", nameof(recoveryCase));
        }

        try
        {
            return _evaluator.TryEvaluate(recoveryCase, options?.Explain == true, options?.Now, out decision, out error);
        }
#pragma warning disable CA1031 // One case's unexpected failure is that case's error, never the caller's crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            decision = null;
            error = InternalError("evaluating", exception) with { CaseId = recoveryCase.Id };
            return false;
        }
    }

    /// <summary>Reads and evaluates one case given as JSON; never throws for bad input.</summary>
    /// <param name="json">One JSON object.</param>
    /// <param name="options">Whether to explain.</param>
    /// <returns>The decision or the case error.</returns>
    public CaseResult EvaluateJson(string json, EvaluationOptions? options = null)
    {
        if (!TryReadCase(json, out var recoveryCase, out var error))
        {
            return new CaseResult(null, error);
        }

        return TryEvaluate(recoveryCase, out var decision, out error, options)
            ? new CaseResult(decision, null)
            : new CaseResult(null, error);
    }

    /// <summary>The case error for an exception nobody expected (a defect): RR0429, naming the exception's type.</summary>
    internal static CaseError InternalError(string doing, Exception exception) =>
        new(null, RecoveryDiagnostics.InternalCaseError.Id,
            RecoveryDiagnostics.InternalCaseError.Format(doing, exception.GetType().FullName, LoneSurrogates.Replace(exception.Message, _ => "\uFFFD").TrimEnd('.', ' ')), null);

    /// <summary>
    /// Encodes .NET text as UTF-8, writing a lone surrogate as the three bytes it would have were it a
    /// character (<c>ED A0 80</c> for U+D800): invalid UTF-8, so the field that holds it is reported
    /// (RR0412) instead of the surrogate silently becoming U+FFFD.
    /// </summary>
    private static byte[] EncodeUtf8(string text)
    {
        var at = LoneSurrogates.IndexOf(text);
        if (at < 0)
        {
            return System.Text.Encoding.UTF8.GetBytes(text);
        }

        var bytes = new List<byte>(text.Length + 16);
        var start = 0;
        for (; at >= 0; at = LoneSurrogates.IndexOf(text, start))
        {
            var c = text[at];
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text, start, at - start));
            bytes.AddRange([(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            start = at + 1;
        }

        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text, start, text.Length - start));
        return [.. bytes];
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}

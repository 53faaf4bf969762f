using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Text;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Infrastructure;

/// <summary>
/// Compiles policy text written with diagnostic markup (<see cref="TestMarkup"/>) and asserts that
/// its diagnostics are exactly the marked ones: same ids, same starts, and the same ends where the
/// markup is not empty. On a mismatch it fails with the actual diagnostics as paste-ready markup.
/// Every message is also checked for a leftover <c>{0}</c>-style placeholder.
/// </summary>
internal static partial class PolicyAssert
{
    public const string DefaultPath = "policy.yaml";

    /// <summary>The options a diagnostics assertion compiles with unless given others: every finding, as <c>check</c> reports it.</summary>
    public static readonly RecoveryPolicyOptions Analyzed = new() { Analyze = true };

    /// <summary>Asserts the diagnostics of <paramref name="markup"/> are exactly the marked ones; returns them, sorted.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(string markup, PolicyReaderOptions? options = null, string path = DefaultPath, RecoveryPolicyOptions? policyOptions = null)
    {
        var (text, expected) = TestMarkup.Parse(markup);
        policyOptions ??= Analyzed;
        var result = PolicyYaml.Compile(text, path, options, policyOptions);
        var actual = result.Diagnostics;
        CheckMessages(actual);

        var lines = new LineIndex(text);
        var unmatched = actual.ToList();
        var missing = new List<MarkedSpan>();
        foreach (var span in expected)
        {
            var start = lines.At(span.Start);
            var end = lines.At(span.End);
            var match = unmatched.FindIndex(d => d.Id == span.Id && d.Location.Span.Start == start && (span.IsEmpty || d.Location.Span.End == end));
            if (match < 0)
            {
                missing.Add(span);
            }
            else
            {
                unmatched.RemoveAt(match);
            }
        }

        if (missing.Count > 0 || unmatched.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(Describe(text, lines, expected, actual, missing, unmatched));
        }

        actual.Should().NotContain(d => d.Location.Path != path, "every diagnostic names the file it is about");
        if (actual.Any(d => d.IsError))
        {
            result.Policy.Should().BeNull("a policy with an error never loads");
        }
        else
        {
            result.Policy.Should().NotBeNull("a policy with only warnings loads");
        }

        return actual;
    }

    /// <summary>Asserts <paramref name="markup"/> marks exactly one diagnostic and that it is the only one; returns it.</summary>
    public static Diagnostic SingleDiagnostic(string markup, PolicyReaderOptions? options = null)
    {
        TestMarkup.Parse(markup).Spans.Should().HaveCount(1, "SingleDiagnostic expects markup with exactly one span");
        return Diagnostics(markup, options).Single();
    }

    /// <summary>Asserts the policy compiles with no diagnostic at all; returns the policy.</summary>
    public static RecoveryPolicy Clean(string yaml, RecoveryPolicyOptions? policyOptions = null)
    {
        Diagnostics(yaml, policyOptions: policyOptions);
        return PolicyYaml.Compile(yaml, DefaultPath, null, policyOptions ?? Analyzed).Policy!;
    }

    /// <summary>Fails on a message that still holds a composite-format placeholder such as <c>{0}</c>.</summary>
    public static void CheckMessages(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (Placeholder().IsMatch(diagnostic.Message))
            {
                throw new Xunit.Sdk.XunitException($"The message of {diagnostic.Id} still holds a placeholder: {diagnostic.Message}");
            }
        }
    }

    /// <summary>The actual diagnostics as markup spans of <paramref name="text"/>.</summary>
    public static IEnumerable<MarkedSpan> ToSpans(string text, IEnumerable<Diagnostic> diagnostics)
    {
        var lines = new LineIndex(text);
        return diagnostics.Select(d => new MarkedSpan(d.Id, lines.OffsetOf(d.Location.Span.Start), lines.OffsetOf(d.Location.Span.End)));
    }

    private static string Describe(string text, LineIndex lines, ImmutableArray<MarkedSpan> expected, ImmutableArray<Diagnostic> actual, List<MarkedSpan> missing, List<Diagnostic> unexpected)
    {
        var builder = new StringBuilder();
        builder.AppendLine("The diagnostics differ from the markup.");
        foreach (var span in missing)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  expected but not reported: {span.Id} at {Range(lines.At(span.Start), span.IsEmpty ? null : lines.At(span.End))}");
        }

        foreach (var diagnostic in unexpected)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  reported but not expected: {diagnostic.Id} at {Range(diagnostic.Location.Span.Start, diagnostic.Location.Span.End)}: {diagnostic.Message}");
        }

        builder.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Expected {expected.Length}, actual {actual.Length}:");
        foreach (var diagnostic in actual)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {diagnostic}  (to {diagnostic.Location.Span.End})");
        }

        builder.AppendLine().AppendLine("The actual diagnostics as markup:").AppendLine(TestMarkup.Insert(text, ToSpans(text, actual)));
        return builder.ToString();
    }

    private static string Range(LinePosition start, LinePosition? end) =>
        end is { } e ? $"({start})-({e}) one-based" : $"({start}) one-based";

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    /// <summary>Zero-based line positions of offsets in a text, breaking lines as YAML does (LF, CR LF, CR).</summary>
    private sealed class LineIndex
    {
        private readonly List<int> _starts = [0];
        private readonly int _length;

        public LineIndex(string text)
        {
            _length = text.Length;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public LinePosition At(int offset)
        {
            var line = _starts.BinarySearch(offset);
            line = line < 0 ? ~line - 1 : line;
            return new LinePosition(line, offset - _starts[line]);
        }

        public int OffsetOf(LinePosition position) =>
            position.Line < _starts.Count ? Math.Min(_starts[position.Line] + position.Character, _length) : _length;
    }
}

using System.Globalization;
using System.Text;
using FluentAssertions.Execution;

namespace RecoveryRules.Testing;

/// <summary>
/// Reports a failed assertion through FluentAssertions (thrown at once, or collected by an
/// <see cref="AssertionScope"/>), with a message this package formats itself: the decision's account
/// holds free text (notes, facts' values) that may contain anything, <c>{reason}</c> included, which
/// FluentAssertions' own formatting would read as placeholders.
/// </summary>
internal static class Failures
{
    /// <summary>
    /// Fails unless <paramref name="condition"/> holds. The message is a template where <c>{{</c> and
    /// <c>}}</c> are braces, <c>{reason}</c> is the <paramref name="because"/> text (<c> because …</c>)
    /// and <c>{context:NAME}</c> is how the caller named the subject (<c>decision</c> in
    /// <c>decision.Should()</c>; NAME when it cannot be told).
    /// </summary>
    /// <returns>The condition.</returns>
    public static bool Check(bool condition, Func<string> message, string because, object[] becauseArgs)
    {
        if (condition)
        {
            return true;
        }

        var scope = Execute.Assertion;
        scope.AddPreFormattedFailure(Render(message(), Identify(scope), Reason(because, becauseArgs)));
        return false;
    }

    /// <summary>The template with its braces, reason and subject filled in, left to right.</summary>
    internal static string Render(string template, string? identifier, string reason)
    {
        var text = new StringBuilder(template.Length + reason.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
            }
            else if (c == '{' && template.IndexOf('}', i) is var close and > 0)
            {
                var token = template[(i + 1)..close];
                text.Append(token == "reason" ? reason : token.StartsWith("context:", StringComparison.Ordinal) ? identifier ?? token["context:".Length..] : "{" + token + "}");
                i = close;
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>FluentAssertions' reading of <c>because</c>: formatted with its arguments, prefixed by <c>because</c> unless it starts so, trailing dots dropped.</summary>
    internal static string Reason(string? because, object[]? becauseArgs)
    {
        var text = because ?? string.Empty;
        if (becauseArgs is { Length: > 0 })
        {
            try
            {
                text = string.Format(CultureInfo.InvariantCulture, text, becauseArgs);
            }
            catch (FormatException)
            {
                // A because that is not a format string is read as it is.
            }
        }

        text = text.Trim().TrimEnd('.');
        if (text.Length == 0)
        {
            return string.Empty;
        }

        return text.StartsWith("because", StringComparison.OrdinalIgnoreCase) ? " " + text : " because " + text;
    }

    // How the caller named the subject (decision.Should() -> "decision"), when FluentAssertions can tell.
    private static string? Identify(AssertionScope scope)
    {
        try
        {
            return string.IsNullOrWhiteSpace(scope.CallerIdentity) ? null : scope.CallerIdentity;
        }
#pragma warning disable CA1031 // the caller's name is a nicety: without it the message names the subject generically
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

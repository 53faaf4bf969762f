using System.Globalization;

namespace RecoveryRules.Diagnostics;

/// <summary>Describes one kind of problem: its stable id, title, message format and severity.</summary>
public sealed class DiagnosticDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="id">The stable id, <c>RRnnnn</c>.</param>
    /// <param name="title">A short title.</param>
    /// <param name="messageFormat">A composite format for the message.</param>
    /// <param name="defaultSeverity">The severity.</param>
    /// <param name="category">The stage that reports it.</param>
    public DiagnosticDescriptor(string id, string title, string messageFormat, DiagnosticSeverity defaultSeverity, DiagnosticCategory category)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        DefaultSeverity = defaultSeverity;
        Category = category;
    }

    /// <summary>The stable id, <c>RRnnnn</c>.</summary>
    public string Id { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    /// <summary>The composite format of the message.</summary>
    public string MessageFormat { get; }

    /// <summary>The severity.</summary>
    public DiagnosticSeverity DefaultSeverity { get; }

    /// <summary>The stage that reports it.</summary>
    public DiagnosticCategory Category { get; }

    /// <summary>Where the id is documented, with a bad and a fixed example.</summary>
    public string HelpLink => "docs/diagnostics.md#" + Id.ToLowerInvariant();

    /// <summary>Formats the message with the given arguments, culture-free.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The message.</returns>
    public string Format(params object?[] arguments) =>
        arguments.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);

    /// <inheritdoc />
    public override string ToString() => Id;
}

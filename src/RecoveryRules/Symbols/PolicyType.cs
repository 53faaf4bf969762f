using System.Collections.Immutable;

namespace RecoveryRules.Symbols;

/// <summary>The kinds of value an expression can have.</summary>
internal enum TypeKind
{
    Error,
    Bool,
    Number,
    Money,
    Percent,
    Duration,
    Text,
    Member,
}

/// <summary>
/// The type of an expression or fact. Money carries its currency; members carry their
/// vocabulary (a scale, the channels, or a fact's <c>oneOf</c>). Lists have no type of their own:
/// they appear only after <c>in</c>, where each item is bound against the left side.
/// </summary>
internal sealed class PolicyType : IEquatable<PolicyType>
{
    private PolicyType(TypeKind kind, string? currency = null, Vocabulary? vocabulary = null)
    {
        Kind = kind;
        Currency = currency;
        Vocabulary = vocabulary;
    }

    public static PolicyType Error { get; } = new(TypeKind.Error);
    public static PolicyType Bool { get; } = new(TypeKind.Bool);
    public static PolicyType Number { get; } = new(TypeKind.Number);
    public static PolicyType Percent { get; } = new(TypeKind.Percent);
    public static PolicyType Duration { get; } = new(TypeKind.Duration);
    public static PolicyType Text { get; } = new(TypeKind.Text);

    public TypeKind Kind { get; }
    public string? Currency { get; }
    public Vocabulary? Vocabulary { get; }

    public bool IsError => Kind == TypeKind.Error;

    /// <summary>Whether ordering comparisons apply: numbers, money, durations and scales.</summary>
    public bool IsOrdered => Kind is TypeKind.Number or TypeKind.Money or TypeKind.Duration
        || (Kind == TypeKind.Member && Vocabulary!.IsOrdered);

    public static PolicyType Money(string currency) => new(TypeKind.Money, currency: currency);

    internal static PolicyType CreateMember(Vocabulary vocabulary) => new(TypeKind.Member, vocabulary: vocabulary);

    public bool Equals(PolicyType? other) =>
        other is not null && Kind == other.Kind && Currency == other.Currency
        && ReferenceEquals(Vocabulary, other.Vocabulary);

    public override bool Equals(object? obj) => Equals(obj as PolicyType);

    public override int GetHashCode() => HashCode.Combine(Kind, Currency, Vocabulary);

    /// <summary>The type as written in messages: "money (USD)", "scale 'severity'", "channel".</summary>
    public override string ToString() => Kind switch
    {
        TypeKind.Error => "an error",
        TypeKind.Bool => "a boolean",
        TypeKind.Number => "a number",
        TypeKind.Money => $"money ({Currency})",
        TypeKind.Percent => "a percent",
        TypeKind.Duration => "a duration",
        TypeKind.Text => "text",
        TypeKind.Member => Vocabulary!.VocabularyKind switch
        {
            VocabularyKind.Channel => "a channel",
            _ => "a member of " + Vocabulary.Description,
        },
        _ => Kind.ToString(),
    };
}

/// <summary>What a vocabulary is: one of the four scales, the channels, or a fact's own <c>oneOf</c>.</summary>
internal enum VocabularyKind
{
    Scale,
    Channel,
    OneOf,
}

/// <summary>A set of member names: ordered for scales (lowest first), unordered for channels and <c>oneOf</c>.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ordinals;

    public Vocabulary(string name, VocabularyKind kind, ImmutableArray<string> members)
    {
        Name = name;
        VocabularyKind = kind;
        Members = members;
        _ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < members.Length; i++)
        {
            _ordinals.TryAdd(members[i], i);
        }

        Type = PolicyType.CreateMember(this);
    }

    /// <summary>The scale name (severity, tier, escalation, role), "channel", or the fact's name.</summary>
    public string Name { get; }

    public VocabularyKind VocabularyKind { get; }

    public ImmutableArray<string> Members { get; }

    public bool IsOrdered => VocabularyKind == VocabularyKind.Scale;

    public PolicyType Type { get; }

    public string Description => VocabularyKind switch
    {
        VocabularyKind.Scale => $"scale '{Name}'",
        VocabularyKind.Channel => "the channels",
        _ => $"'{Name}'",
    };

    public bool TryGetOrdinal(string member, out int ordinal) => _ordinals.TryGetValue(member, out ordinal);
}

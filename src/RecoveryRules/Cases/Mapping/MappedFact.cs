using System.Collections.Immutable;
using System.Linq.Expressions;

namespace RecoveryRules;

/// <summary>The .NET type a mapping gives, as far as converting it to a fact is concerned.</summary>
internal enum MappedValueKind
{
    /// <summary>A string (or the case id).</summary>
    Text,

    /// <summary>A decimal, int or long.</summary>
    Number,

    /// <summary>A bool.</summary>
    Boolean,

    /// <summary>A <see cref="TimeSpan"/>.</summary>
    Duration,

    /// <summary>A <see cref="DateTimeOffset"/> (only <c>occurredAt</c>).</summary>
    Timestamp,

    /// <summary>An enum, matched to a scale's or oneOf's members by name.</summary>
    Enum,
}

/// <summary>One fact of a <see cref="CaseMap{TSource}"/>: its name, the expression that gives its value and that expression's text.</summary>
internal sealed record MappedFact(string Name, LambdaExpression Value, MappedValueKind Kind, string Expression, EnumMembers? Members)
{
    /// <summary>The pseudo-fact of <c>CaseMapBuilder.Id</c>.</summary>
    public const string IdName = "id";

    /// <summary>The pseudo-fact of <c>CaseMapBuilder.OccurredAt</c>.</summary>
    public const string OccurredAtName = "occurredAt";

    /// <summary>The .NET type of the value (a nullable's underlying type).</summary>
    public Type ValueType => Nullable.GetUnderlyingType(Value.ReturnType) ?? Value.ReturnType;

    /// <summary>How the value's type is described in a bind diagnostic (<c>decimal</c>, <c>bool?</c>, <c>enum Priority</c>).</summary>
    public string TypeDescription
    {
        get
        {
            var nullable = Nullable.GetUnderlyingType(Value.ReturnType) is not null ? "?" : string.Empty;
            var name = ValueType switch
            {
                var t when t == typeof(decimal) => "decimal",
                var t when t == typeof(int) => "int",
                var t when t == typeof(long) => "long",
                var t when t == typeof(bool) => "bool",
                var t when t == typeof(string) => "string",
                var t when t.IsEnum => "enum " + t.Name,
                var t => t.Name,
            };
            return name + nullable;
        }
    }
}

/// <summary>An enum's values and names, read once when the map is made (no reflection over the enum type afterwards).</summary>
internal sealed record EnumMembers(Type Type, ImmutableArray<string> Names, ImmutableArray<long> Values)
{
    public static EnumMembers Of<TEnum>()
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        return new EnumMembers(typeof(TEnum), [.. values.Select(v => v.ToString())], [.. values.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))]);
    }
}

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

/// <summary>An enum's names and values, read once when the map is made (no reflection over the enum type afterwards).</summary>
/// <param name="Type">The enum type.</param>
/// <param name="UnderlyingType">Its underlying integer type.</param>
/// <param name="Names">Every declared name (aliases too), each of which must name a member.</param>
/// <param name="Values">Each distinct value as its underlying integer, boxed once here.</param>
/// <param name="ValueNames">The name of each value, as <see cref="Enum.ToString()"/> gives it.</param>
internal sealed record EnumMembers(Type Type, Type UnderlyingType, ImmutableArray<string> Names, ImmutableArray<object> Values, ImmutableArray<string> ValueNames)
{
    public static EnumMembers Of<TEnum>()
        where TEnum : struct, Enum
    {
        var underlying = Enum.GetUnderlyingType(typeof(TEnum));
        var distinct = Enum.GetValues<TEnum>().Distinct().ToArray();
        return new EnumMembers(typeof(TEnum), underlying, [.. Enum.GetNames<TEnum>()],
            [.. distinct.Select(v => Convert.ChangeType(v, underlying, System.Globalization.CultureInfo.InvariantCulture))],
            [.. distinct.Select(v => v.ToString())]);
    }
}

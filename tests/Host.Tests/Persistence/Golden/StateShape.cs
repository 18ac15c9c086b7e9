using System.Collections;
using System.Reflection;
using Orleans.Runtime;
using OrleansCrm.Host.Tests.Architecture;

namespace OrleansCrm.Host.Tests.Persistence.Golden;

/// <summary>
/// The stored grain states and what they are made of, found by reflection: the types behind every
/// <c>[PersistentState]</c> of a product grain, the product types reachable from their public properties, and a
/// field-by-field comparison and "is every field filled" check that need no per-type code.
/// </summary>
internal static class StateShape
{
    /// <summary>Every grain's persistent states: grain type, state name, storage name, state type.</summary>
    public static IReadOnlyList<(Type Grain, string Name, string Storage, Type State)> PersistentStates() =>
        ProductAssemblies.All.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && typeof(Grain).IsAssignableFrom(t))
            .SelectMany(grain => grain.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(c => c.GetParameters())
                .Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<PersistentStateAttribute>()))
                .Where(p => p.Attribute is not null)
                .Select(p => (grain, p.Attribute!.StateName, p.Attribute.StorageName ?? "", p.Parameter.ParameterType.GetGenericArguments()[0])))
            .Distinct()
            .ToList();

    /// <summary>The product's own types whose members are walked (records and classes in OrleansCrm namespaces).</summary>
    public static bool IsProductType(Type type) =>
        type.Namespace?.StartsWith("OrleansCrm.", StringComparison.Ordinal) == true && !type.IsEnum && !type.IsPrimitive && !type.IsArray; // an array takes its element's namespace

    public static IReadOnlyList<PropertyInfo> Members(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToList();

    public static string Key(PropertyInfo member) => $"{member.DeclaringType!.Name}.{member.Name}";

    /// <summary>Every type reachable from <paramref name="roots"/> through public properties, element and generic argument types.</summary>
    public static IReadOnlySet<Type> Reachable(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            var inner = type.IsArray ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes;
            foreach (var next in inner.Concat(IsProductType(type) ? Members(type).Select(m => m.PropertyType) : []))
            {
                pending.Push(next);
            }
        }

        return seen;
    }

    /// <summary>Where <paramref name="actual"/> differs from <paramref name="expected"/>, member by member; <paramref name="skip"/> takes a member key.</summary>
    public static List<string> Differences(object? expected, object? actual, Func<string, bool>? skip = null)
    {
        var differences = new List<string>();
        Compare(expected, actual, expected?.GetType().Name ?? "state", skip ?? (_ => false), differences);
        return differences;
    }

    private static void Compare(object? expected, object? actual, string path, Func<string, bool> skip, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: expected {expected ?? "null"}, read {actual ?? "null"}");
            }

            return;
        }

        var type = expected.GetType();
        if (expected is DateTimeOffset at)
        {
            if (actual is not DateTimeOffset read || read != at || read.Offset != at.Offset)
            {
                differences.Add($"{path}: expected {at:O}, read {actual}");
            }
        }
        else if (expected is string || type.IsPrimitive || type.IsEnum || expected is Guid or decimal or DateOnly or DateTime or TimeSpan)
        {
            if (!expected.Equals(actual))
            {
                differences.Add($"{path}: expected {expected}, read {actual}");
            }
        }
        else if (expected is IDictionary dictionary)
        {
            var other = (IDictionary)actual;
            if (other.Count != dictionary.Count)
            {
                differences.Add($"{path}: expected {dictionary.Count} entries, read {other.Count}");
            }

            foreach (DictionaryEntry entry in dictionary)
            {
                Compare(entry.Value, other.Contains(entry.Key) ? other[entry.Key] : null, $"{path}[{entry.Key}]", skip, differences);
            }
        }
        else if (expected is IEnumerable items)
        {
            // Sets have no order to keep; lists do.
            var isSet = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISet<>));
            var left = items.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (isSet)
            {
                left = [.. left.OrderBy(x => x?.ToString(), StringComparer.Ordinal)];
                right = [.. right.OrderBy(x => x?.ToString(), StringComparer.Ordinal)];
            }

            if (left.Count != right.Count)
            {
                differences.Add($"{path}: expected {left.Count} items, read {right.Count}");
                return;
            }

            for (var i = 0; i < left.Count; i++)
            {
                Compare(left[i], right[i], $"{path}[{i}]", skip, differences);
            }
        }
        else if (IsProductType(type))
        {
            foreach (var member in Members(type).Where(m => !skip(Key(m))))
            {
                Compare(member.GetValue(expected), member.GetValue(actual), $"{path}.{member.Name}", skip, differences);
            }
        }
        else if (!expected.Equals(actual))
        {
            differences.Add($"{path}: expected {expected}, read {actual}");
        }
    }

    /// <summary>
    /// The members (by key) of every product type reachable from <paramref name="sample"/>'s type that hold only default
    /// values in the sample: null, zero, false, an empty collection, or an enum's 0 member (whose number a renumbering
    /// would not change, so it proves nothing).
    /// </summary>
    public static IReadOnlyList<string> Unfilled(object sample, IReadOnlySet<string> exempt)
    {
        var filled = new HashSet<string>();
        Visit(sample, filled);
        return Reachable([sample.GetType()]).Where(IsProductType).SelectMany(Members).Select(Key)
            .Where(key => !filled.Contains(key) && !exempt.Contains(key)).Distinct().Order().ToList();
    }

    private static void Visit(object? value, HashSet<string> filled)
    {
        switch (value)
        {
            case null or string:
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Visit(entry.Value, filled);
                }

                return;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Visit(item, filled);
                }

                return;
        }

        if (!IsProductType(value.GetType()))
        {
            return;
        }

        foreach (var member in Members(value.GetType()))
        {
            var memberValue = member.GetValue(value);
            if (!IsDefault(memberValue))
            {
                filled.Add(Key(member));
            }

            Visit(memberValue, filled);
        }
    }

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        string text => text.Length == 0,
        Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture) == 0,
        ICollection collection => collection.Count == 0,
        IEnumerable items => !items.Cast<object?>().Any(),
        _ when value.GetType().IsValueType => value.Equals(Activator.CreateInstance(value.GetType())),
        _ => false,
    };
}

using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using OrleansCrm.BuildingBlocks.Http.Texts;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.BuildingBlocks.Http;

/// <summary>
/// Checks every endpoint's bound arguments (bodies, query and route values, form fields) before its handler runs: a NUL
/// character in any text (PostgreSQL cannot store one and fails the whole statement) and an enum value that is not
/// defined (JSON and query binding accept any number, such as <c>priority: 999</c> or <c>?tile=999</c>) are a 400
/// naming each field, so nothing further down ever sees them. Modules' validators still check enums themselves: the web
/// UI sends its commands without passing here.
/// </summary>
public static class RequestValueChecks
{
    private const int MaxDepth = 16;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>For <c>AddEndpointFilterFactory</c> on a group holding the API's endpoints.</summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (index, prefix: Prefix(parameter), type: Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType))
            .Where(check => IsChecked(check.type))
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            var errors = new FieldProblems();
            foreach (var (index, prefix, _) in checks)
            {
                if (index < invocation.Arguments.Count)
                {
                    Walk(invocation.Arguments[index], prefix, errors, 0);
                }
            }

            return errors.Count == 0 ? next(invocation) : ValueTask.FromResult<object?>(errors.ToResult());
        };
    }

    /// <summary>The problems found in one value (a command the caller built some other way), by field path.</summary>
    public static IReadOnlyDictionary<string, ServerText[]> Check(object? value, string path = "")
    {
        var errors = new FieldProblems();
        Walk(value, path, errors, 0);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>Texts, enums, collections of them and the product's own types (bodies, [AsParameters]); services are not walked.</summary>
    private static bool IsChecked(Type type) =>
        type == typeof(string) || type.IsEnum || IsProductType(type)
        || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && ElementType(type) is { } element
            && (IsChecked(Nullable.GetUnderlyingType(element) ?? element)
                || (element.IsGenericType && element.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) && element.GetGenericArguments().Any(IsChecked))));

    private static bool IsProductType(Type type) => type.Namespace?.StartsWith("OrleansCrm.", StringComparison.Ordinal) == true && !type.IsEnum;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>A body or an [AsParameters] object names its fields from its root; a simple value by its parameter's name.</summary>
    private static string Prefix(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (IsProductType(type))
        {
            return "";
        }

        var attributes = parameter.GetCustomAttributes().ToList();
        var named = attributes.OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromHeaderMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromFormMetadata>().FirstOrDefault()?.Name;
        return named is { Length: > 0 } ? named : parameter.Name ?? "value";
    }

    private static void Walk(object? value, string path, FieldProblems errors, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case string text:
                if (text.Contains('\0'))
                {
                    errors.Add(path, HttpTexts.Say("NulCharacter"));
                }

                return;
            case Enum:
                if (!Enum.IsDefined(value.GetType(), value))
                {
                    errors.Add(path, HttpTexts.Say("UndefinedValue", Convert.ToInt64(value).ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", Enum.GetNames(value.GetType()))));
                }

                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    Walk(entry.Key, path, errors, depth + 1);
                    Walk(entry.Value, key.Contains('\0') ? path : Join(path, key), errors, depth + 1);
                }

                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{(path.Length == 0 ? "body" : path)}[{index++}]", errors, depth + 1);
                }

                return;
        }

        var type = value.GetType();
        if (!IsProductType(type))
        {
            return;
        }

        foreach (var property in Properties.GetOrAdd(type, Readable))
        {
            Walk(property.GetValue(value), Join(path, CamelCase(property.Name)), errors, depth + 1);
        }
    }

    /// <summary>Stored properties only (they have a setter, init included): computed ones may throw on a half-bound value.</summary>
    private static PropertyInfo[] Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && p.SetMethod is not null && IsChecked(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .ToArray();

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private sealed class FieldProblems : Dictionary<string, List<ServerText>>
    {
        public void Add(string path, ServerText text)
        {
            var field = path.Length == 0 ? "body" : path;
            if (!TryGetValue(field, out var texts))
            {
                this[field] = texts = [];
            }

            texts.Add(text);
        }

        public IResult ToResult() => EdgeProblems.Fields(this.ToDictionary(e => e.Key, e => (IReadOnlyList<ServerText>)e.Value));
    }
}

/// <summary>ProblemDetails the edge writes itself, in the API's English with codes beside, as validation problems are.</summary>
public static class EdgeProblems
{
    public const string FieldsTitle = "One or more fields are invalid.";

    public static IResult Fields(IReadOnlyDictionary<string, IReadOnlyList<ServerText>> fields) =>
        TypedResults.ValidationProblem(
            fields.ToDictionary(f => f.Key, f => f.Value.Select(ServerTexts.InEnglish).Distinct().ToArray()),
            title: FieldsTitle,
            extensions: new Dictionary<string, object?> { ["errorCodes"] = fields.ToDictionary(f => f.Key, f => f.Value.Select(t => t.Code).Distinct().ToArray()) });

    /// <summary>Writes a problem directly (middleware, before any endpoint).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, ServerText? detail, IReadOnlyDictionary<string, IReadOnlyList<ServerText>>? fields = null)
    {
        var problem = fields is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(fields.ToDictionary(f => f.Key, f => f.Value.Select(ServerTexts.InEnglish).Distinct().ToArray()));
        problem.Status = status;
        problem.Title = title;
        if (detail is { } text)
        {
            problem.Detail = ServerTexts.InEnglish(text);
            problem.Extensions["code"] = text.Code;
            problem.Extensions["args"] = text.Args.Select(arg => arg.Value).ToArray();
        }

        if (fields is not null)
        {
            problem.Extensions["errorCodes"] = fields.ToDictionary(f => f.Key, f => f.Value.Select(t => t.Code).Distinct().ToArray());
        }

        context.Response.StatusCode = status;
        var service = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, typeof(ProblemDetails), options: null, contentType: "application/problem+json");
        }
    }
}

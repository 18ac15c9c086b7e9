using FluentValidation;

namespace OrleansCrm.BuildingBlocks.Texts;

/// <summary>FluentValidation speaking through <see cref="ServerTexts"/>: a rule's message is a code, rendered when it fails.</summary>
public static class ValidationTexts
{
    private static int _translating;

    /// <summary>
    /// The rule fails with <paramref name="code"/> as its error code and the code's text, rendered in the culture of the
    /// validation (the UI's user, or English for the API).
    /// </summary>
    public static IRuleBuilderOptions<T, TProperty> WithText<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string code, params TextArg[] args) =>
        rule.WithErrorCode(code).WithMessage(_ => ServerTexts.Render(ServerText.Of(code, args)));

    /// <summary>As <see cref="WithText{T,TProperty}(IRuleBuilderOptions{T,TProperty},string,TextArg[])"/>, with arguments taken from the validated value.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithText<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string code, Func<T, TProperty, TextArg[]> args) =>
        rule.WithErrorCode(code).WithMessage((instance, value) => ServerTexts.Render(ServerText.Of(code, args(instance, value))));

    /// <summary>
    /// Field names in FluentValidation's own messages ("'Subject' must not be empty") come from the module's texts,
    /// key <c>Field_Subject</c>, when it has one: the module is the namespace's second part (<c>OrleansCrm.ServiceDesk…</c>).
    /// FluentValidation translates its own sentences into Russian and Ukrainian already.
    /// </summary>
    public static void TranslateFieldNames()
    {
        // Global and process-wide: a second host in the same process (tests) must not wrap the resolver again.
        if (Interlocked.Exchange(ref _translating, 1) == 1)
        {
            return;
        }

        var plain = ValidatorOptions.Global.DisplayNameResolver;
        ValidatorOptions.Global.DisplayNameResolver = (type, member, expression) =>
        {
            var module = type.Namespace?.Split('.') is { Length: > 1 } parts ? parts[1] : null;
            return member is not null && module is not null && ServerTexts.Find($"{module}.Field_{member.Name}", System.Globalization.CultureInfo.CurrentUICulture) is { } name
                ? name
                : plain(type, member, expression);
        };
    }
}

using FluentValidation;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;

namespace OrleansCrm.Sales.Texts;

/// <summary>
/// The plain rules Sales' validators repeat (a length, a range, an enum value), each with its text code, so that every
/// message a Sales request can fail with speaks English, Russian and Ukrainian through <see cref="SalesTexts"/>.
/// </summary>
internal static class SalesRules
{
    public static IRuleBuilderOptions<T, string?> AtMost<T>(this IRuleBuilder<T, string?> rule, int length) =>
        rule.MaximumLength(length).WithText(SalesTexts.Code("TextTooLong"), length);

    public static IRuleBuilderOptions<T, int> Within<T>(this IRuleBuilder<T, int> rule, int from, int to) =>
        rule.InclusiveBetween(from, to).WithText(SalesTexts.Code("NumberOutOfRange"), from, to);

    /// <summary>A page number from 1 to the kit's <see cref="Paging.MaxPage"/>.</summary>
    public static IRuleBuilderOptions<T, int> Page<T>(this IRuleBuilder<T, int> rule) =>
        rule.ValidPage().WithText(SalesTexts.Code("NumberOutOfRange"), 1, Paging.MaxPage);

    public static IRuleBuilderOptions<T, TEnum> Known<T, TEnum>(this IRuleBuilder<T, TEnum> rule) =>
        rule.IsInEnum().WithText(SalesTexts.Code("ValueUnknown"));
}

using System.Globalization;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Tests.Dispatching;

/// <summary>
/// Dispatch reasons and alert sentences stored in English before they were codes are read back into their texts, so
/// old history entries and journal rows show in the reader's language too; a person's own words stay as they are.
/// </summary>
public sealed class StoredEnglishTests
{
    private static readonly CultureInfo Ukrainian = CultureInfo.GetCultureInfo("uk");

    [Theory]
    [InlineData("lowest load 0.25 among 5 with skill medoc≥1", "найменше навантаження 0,25 серед 5 з навичкою medoc≥1")]
    [InlineData("lowest load 0.2 among 2 with skill 1c.erp≥3; equal load and level, higher rating 80.25",
        "найменше навантаження 0,2 серед 2 з навичкою 1c.erp≥3; навантаження й рівень рівні, вищий рейтинг 80,25")]
    [InlineData("waiting: all 1 with skill 1c.erp≥3 are at capacity", "чекає: усі 1 з навичкою 1c.erp≥3 завантажені повністю")]
    [InlineData("Відпустка is Absent", "Відпустка: відсутній")]
    [InlineData("«Не друкує чек» is overdue: it was due at 2026-03-02 14:00:00Z.", "«Не друкує чек» прострочена: термін був 2026-03-02 14:00:00Z.")]
    public void A_stored_English_sentence_is_shown_in_the_readers_language(string stored, string ukrainian)
    {
        var text = StoredEnglish.Recognize(stored, [.. StoredEnglish.DispatchReasons, .. StoredEnglish.Alerts]);

        Assert.NotNull(text);
        Assert.Equal(stored, ServerTexts.InEnglish(text));
        Assert.Equal(ukrainian, ServerTexts.Render(text, Ukrainian));
    }

    [Fact]
    public void A_persons_own_reason_stays_as_typed()
    {
        Assert.Null(StoredEnglish.Recognize("клієнт просить саме його", StoredEnglish.DispatchReasons));
        Assert.Equal("клієнт просить саме його", StoredEnglish.Render("клієнт просить саме його", StoredEnglish.DispatchReasons));
    }

    [Fact]
    public void Every_reason_the_policy_gives_reads_back_as_itself()
    {
        var need = new Requirement("medoc", 2, TicketPriority.Normal, 2);
        Candidate[] pair =
        [
            new(Guid.NewGuid(), AvailabilityStatus.OnDuty, 3, 10, 2, 50, 0, 0),
            new(Guid.NewGuid(), AvailabilityStatus.OnDuty, 4, 10, 2, 50, 0, 0),
        ];
        foreach (var choice in new[] { DispatchPolicy.Choose(need, pair), DispatchPolicy.Choose(need, pair[..1]), DispatchPolicy.Choose(need, []) })
        {
            Assert.Equal(choice.Text, StoredEnglish.Recognize(choice.Reason, StoredEnglish.DispatchReasons));
        }
    }
}

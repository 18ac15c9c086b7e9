using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Errors;

namespace OrleansCrm.Agreements.Lifecycle;

/// <summary>A contract's transitions and dates, as plain rules the grain calls and tests call directly.</summary>
public static class ContractRules
{
    /// <summary>Kinds whose contract is the client's right to support: the client's support status follows them.</summary>
    public static bool IsSupport(ContractKind kind) => kind is ContractKind.Support or ContractKind.Its;

    /// <summary>Statuses in which a contract can still change its terms or be ended by hand.</summary>
    public static bool IsOpen(ContractStatus status) => status is ContractStatus.Draft or ContractStatus.Active or ContractStatus.Suspended;

    public static void CheckActivate(ContractStatus status, DateOnly endsOn, DateOnly today, int version)
    {
        if (status is ContractStatus.Terminated or ContractStatus.Expired)
        {
            throw new ConflictException(AgreementsTexts.Say("CannotActivate", AgreementsTexts.Label(status)), version);
        }

        if (endsOn < today)
        {
            throw new ConflictException(AgreementsTexts.Say("EndedAlready", endsOn.ToString("yyyy-MM-dd")), version);
        }
    }

    /// <summary>Only an active contract is suspended: a draft has nothing to stop, an ended one nothing to resume.</summary>
    public static void CheckSuspend(ContractStatus status, int version)
    {
        if (status != ContractStatus.Active)
        {
            throw new ConflictException(AgreementsTexts.Say("CannotSuspend", AgreementsTexts.Label(status)), version);
        }
    }

    public static void CheckResume(ContractStatus status, DateOnly endsOn, DateOnly today, int version)
    {
        if (status != ContractStatus.Suspended)
        {
            throw new ConflictException(AgreementsTexts.Say("CannotResume", AgreementsTexts.Label(status)), version);
        }

        if (endsOn < today)
        {
            throw new ConflictException(AgreementsTexts.Say("EndedAlready", endsOn.ToString("yyyy-MM-dd")), version);
        }
    }

    /// <summary>A termination dated after today is kept only for an active contract and within its term.</summary>
    public static void CheckSchedule(ContractStatus status, DateOnly on, DateOnly endsOn, int version)
    {
        if (status != ContractStatus.Active)
        {
            throw new ConflictException(AgreementsTexts.Say("ScheduleNeedsActive", AgreementsTexts.Label(status)), version);
        }

        if (on > endsOn)
        {
            throw new ConflictException(AgreementsTexts.Say("TerminationAfterEnd", endsOn.ToString("yyyy-MM-dd")), version);
        }
    }

    public static void CheckOpen(ContractStatus status, int version)
    {
        if (!IsOpen(status))
        {
            throw new ConflictException(AgreementsTexts.Say("ContractClosed", AgreementsTexts.Label(status)), version);
        }
    }

    /// <summary>
    /// The end after renewing until the contract covers <paramref name="today"/>: each renewal adds one more term of the
    /// first length (in whole months when the first term was whole months, else in days), as the printed renewal clause
    /// says ("продовженим на такий самий строк"). Zero renewals when the end is not past.
    /// </summary>
    public static (DateOnly EndsOn, int Renewals) Renewed(DateOnly startsOn, DateOnly firstEnd, DateOnly endsOn, DateOnly today)
    {
        var months = WholeMonths(startsOn, firstEnd);
        var days = firstEnd.DayNumber - startsOn.DayNumber + 1;
        var renewals = 0;
        while (endsOn < today)
        {
            endsOn = months is { } m ? endsOn.AddDays(1).AddMonths(m).AddDays(-1) : endsOn.AddDays(days);
            renewals++;
        }

        return (endsOn, renewals);
    }

    /// <summary>Whether [start, end] is a whole number of months (1 Jan – 31 Dec is 12, 15 Jan – 14 Mar is 2); null when it is not.</summary>
    private static int? WholeMonths(DateOnly start, DateOnly end)
    {
        var months = ((end.Year - start.Year) * 12) + end.Month - start.Month;
        foreach (var m in new[] { months, months + 1 })
        {
            if (m > 0 && start.AddMonths(m).AddDays(-1) == end)
            {
                return m;
            }
        }

        return null;
    }
}

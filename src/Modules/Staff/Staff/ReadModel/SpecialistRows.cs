using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Staff.ReadModel;

/// <summary>One specialist in the list table, as of <see cref="Version"/>.</summary>
public sealed class SpecialistRow
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The lower-cased name: SQLite's LIKE folds only ASCII, so Cyrillic search compares lower-case to lower-case.</summary>
    public string SearchName { get; set; } = "";
    public string? UserId { get; set; }
    public int QualificationGrade { get; set; }
    public int Capacity { get; set; }

    /// <summary>As of the last change; an absence whose <see cref="AvailableUntil"/> has passed reads as OnDuty.</summary>
    public AvailabilityStatus AvailabilityStatus { get; set; }
    public DateTimeOffset? AvailableUntil { get; set; }
    public int Load { get; set; }

    /// <summary>As of the last change: the time-dependent parts of the rating move only when the specialist does.</summary>
    public double Rating { get; set; }

    /// <summary>JSON array of <c>{ code, level }</c>, for display; filtering uses <see cref="SpecialistSkillRow"/>.</summary>
    public string Skills { get; set; } = "[]";
}

public sealed class SpecialistSkillRow
{
    public Guid SpecialistId { get; set; }
    public string Code { get; set; } = "";
    public int Level { get; set; }
}

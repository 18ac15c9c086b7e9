namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// A read-model write that commits together with the grain-state write made inside its scope, and only if that write
/// is accepted (see <see cref="GroupCommitWriter.WriteAsync(SqlStatement, SqlStatement?, CancellationToken)"/>): a grain
/// attaches it around <c>WriteStateAsync</c>, and the group-commit grain storage takes it. Ambient, because Orleans'
/// storage interface has no room for it. A storage that does not take it leaves <see cref="Taken"/> false, and the
/// grain then writes the statement itself.
/// </summary>
public sealed class StateWriteCompanion : IDisposable
{
    private static readonly AsyncLocal<StateWriteCompanion?> Current = new();

    private StateWriteCompanion(RowWrite row) => Row = row;

    public RowWrite Row { get; }

    /// <summary>Whether a storage took the statement into its write.</summary>
    public bool Taken { get; private set; }

    public static StateWriteCompanion Attach(RowWrite row) => Current.Value = new StateWriteCompanion(row);

    /// <summary>The row attached in this flow, for the one state write it goes with; null when there is none.</summary>
    public static RowWrite? Take()
    {
        if (Current.Value is not { Taken: false } companion)
        {
            return null;
        }

        companion.Taken = true;
        return companion.Row;
    }

    public void Dispose()
    {
        if (ReferenceEquals(Current.Value, this))
        {
            Current.Value = null;
        }
    }
}

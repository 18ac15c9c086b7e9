using Microsoft.AspNetCore.Components.Server.Circuits;

namespace OrleansCrm.Web.Shared;

/// <summary>
/// The circuit's connection to the browser. Live screens reload their snapshot when it comes back after a drop, as every
/// screen of the live feed does on reconnect: whatever was missed meanwhile is then wrong only until that reload.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    private bool _down;

    /// <summary>Raised when the browser is connected again after a drop (not on the first connection).</summary>
    public event Func<Task>? Restored;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _down = true;
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (!_down)
        {
            return;
        }

        _down = false;
        foreach (var restored in Restored?.GetInvocationList().Cast<Func<Task>>() ?? [])
        {
            await restored();
        }
    }
}

namespace OrleansCrm.Billing.Wall;

/// <summary>
/// Runs <paramref name="run"/> on request, one run at a time, coalescing bursts: a request while a run is going asks for
/// exactly one more run, started when it ends, however many requests arrive meanwhile. So the last request is always
/// followed by a run that starts after it, and a burst of a thousand costs two runs. <see cref="Request"/> never waits
/// and never throws; <paramref name="run"/> handles its own failures.
/// </summary>
internal sealed class CoalescedRun(Func<Task> run)
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int RunningAndAsked = 2;

    private int _state;

    public void Request()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == RunningAndAsked)
            {
                return; // the run already asked for starts after the current one, so it sees this request's change too
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    _ = Task.Run(LoopAsync);
                }

                return;
            }
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            await run();
            if (Interlocked.CompareExchange(ref _state, Idle, Running) == Running)
            {
                return;
            }

            // Asked again while running: nobody else changes the state now (Request returns at once), so run once more.
            Volatile.Write(ref _state, Running);
        }
    }
}

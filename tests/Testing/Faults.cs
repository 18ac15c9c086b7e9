using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Testing;

/// <summary>
/// Faults a test injects into a real host (<see cref="CrmHost.Faults"/>): grain calls that are delayed or fail (a lost
/// message looks like a failed call to its sender), and grain-state writes that fail before or after they are stored.
/// Rules are matched by method name and, optionally, the target grain; each fires a number of times or until removed.
/// </summary>
public sealed class Faults : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    private readonly ConcurrentQueue<CallRule> _calls = new();
    private readonly ConcurrentQueue<CallRule> _sends = new();
    private readonly ConcurrentQueue<WriteRule> _writes = new();
    private long _writeCount;

    /// <summary>Grain-state writes seen so far (the storage's, all grains).</summary>
    public long Writes => Interlocked.Read(ref _writeCount);

    /// <summary>Calls of <paramref name="method"/> (on <paramref name="target"/>, or any grain) wait this long first.</summary>
    public IDisposable Delay(string method, TimeSpan delay, GrainId? target = null, int times = int.MaxValue) =>
        Add(new CallRule(method, target, times, delay, Fail: null));

    /// <summary>
    /// Calls of <paramref name="method"/> leave their sender this much later: unlike <see cref="Delay"/>, which holds the
    /// target's turn (a non-reentrant grain then takes its calls in order anyway), a message delayed on its way can
    /// arrive after one sent later by someone else, as between silos.
    /// </summary>
    public IDisposable DelaySend(string method, TimeSpan delay, int times = int.MaxValue)
    {
        var rule = new CallRule(method, null, times, delay, Fail: null);
        _sends.Enqueue(rule);
        return rule;
    }

    /// <summary>Calls of <paramref name="method"/> fail with <paramref name="failure"/> (by default, a lost message) instead of running.</summary>
    public IDisposable Fail(string method, GrainId? target = null, int times = int.MaxValue, Func<Exception>? failure = null) =>
        Add(new CallRule(method, target, times, TimeSpan.Zero, failure ?? (() => new TimeoutException($"Injected: the {method} call was lost."))));

    /// <summary>The next <paramref name="times"/> writes of state <paramref name="stateName"/> (of <paramref name="target"/>, or any grain) fail, unstored.</summary>
    public IDisposable FailWrite(string stateName, GrainId? target = null, int times = 1, Func<Exception>? failure = null) =>
        AddWrite(new WriteRule(stateName, target, times, AfterStored: false, failure ?? (() => new InvalidOperationException("Injected: the write failed."))));

    /// <summary>
    /// The next writes of the state are stored, then reported failed as a commit with an unknown outcome (the reply lost
    /// after the commit, or the host dying right after it).
    /// </summary>
    public IDisposable LoseWriteReply(string stateName, GrainId? target = null, int times = 1) =>
        AddWrite(new WriteRule(stateName, target, times, AfterStored: true,
            () => new CommitOutcomeUnknownException("Injected: the reply to a stored write was lost.")));

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod?.Name;
        foreach (var rule in _calls)
        {
            if (rule.Method == method && (rule.Target is null || rule.Target == context.TargetId) && rule.Take())
            {
                if (rule.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(rule.Delay);
                }

                if (rule.Fail is { } fail)
                {
                    throw fail();
                }
            }
        }

        await context.Invoke();
    }

    async Task IOutgoingGrainCallFilter.Invoke(IOutgoingGrainCallContext context)
    {
        var method = context.InterfaceMethod?.Name;
        if (_sends.FirstOrDefault(r => r.Method == method && r.Take()) is { } rule)
        {
            // Off the sender's scheduler: the sender goes on (or goes away) while its message is on the way.
            await Task.Delay(rule.Delay).ConfigureAwait(false);
        }

        await context.Invoke();
    }

    internal WriteRule? MatchWrite(string stateName, GrainId grainId)
    {
        Interlocked.Increment(ref _writeCount);
        return _writes.FirstOrDefault(r => r.StateName == stateName && (r.Target is null || r.Target == grainId) && r.Take());
    }

    /// <summary>
    /// Requests that ended in an unhandled exception (a 500), on any test host of this process, newest last: what a
    /// test prints when it sees a 500, since the host's own log is not kept.
    /// </summary>
    public static IReadOnlyCollection<string> ServerErrors => Unhandled;

    private static readonly ConcurrentQueue<string> Unhandled = new();

    /// <summary>Wraps the host's grain storage and adds the call filter: called by <see cref="CrmHost"/>.</summary>
    internal void Install(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(new UnhandledErrors());
        services.AddSingleton<IIncomingGrainCallFilter>(this);
        services.AddSingleton<IOutgoingGrainCallFilter>(this);
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, CrmStorage.Grains));
        var factory = original.KeyedImplementationFactory!;
        services.AddKeyedSingleton<IGrainStorage>(CrmStorage.Grains, (sp, key) => new FaultyStorage((IGrainStorage)factory(sp, key), this));
    }

    private IDisposable Add(CallRule rule)
    {
        _calls.Enqueue(rule);
        return rule;
    }

    private IDisposable AddWrite(WriteRule rule)
    {
        _writes.Enqueue(rule);
        return rule;
    }

    internal abstract class Rule(int times) : IDisposable
    {
        private int _left = times;

        public bool Take()
        {
            while (true)
            {
                var left = Volatile.Read(ref _left);
                if (left <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _left, left - 1, left) == left)
                {
                    return true;
                }
            }
        }

        public void Dispose() => Volatile.Write(ref _left, 0);
    }

    internal sealed class CallRule(string method, GrainId? target, int times, TimeSpan delay, Func<Exception>? Fail) : Rule(times)
    {
        public string Method { get; } = method;
        public GrainId? Target { get; } = target;
        public TimeSpan Delay { get; } = delay;
        public Func<Exception>? Fail { get; } = Fail;
    }

    internal sealed class WriteRule(string stateName, GrainId? target, int times, bool AfterStored, Func<Exception> failure) : Rule(times)
    {
        public string StateName { get; } = stateName;
        public GrainId? Target { get; } = target;
        public bool AfterStored { get; } = AfterStored;
        public Func<Exception> Failure { get; } = failure;
    }

    /// <summary>Keeps what ASP.NET Core's exception handler logs as unhandled (the handled ones, 4xx and 503, it does not log).</summary>
    private sealed class UnhandledErrors : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && Unhandled.Count < 100)
            {
                Unhandled.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {exception}");
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class FaultyStorage(IGrainStorage inner, Faults faults) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var rule = faults.MatchWrite(stateName, grainId);
            if (rule is { AfterStored: false })
            {
                _ = StateWriteCompanion.Take(); // the row goes down with the write
                throw rule.Failure();
            }

            await inner.WriteStateAsync(stateName, grainId, grainState);
            if (rule is { AfterStored: true })
            {
                throw rule.Failure();
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}

using PolicyWatchBot.Core.Channels;

namespace PolicyWatchBot.Chat;

/// <summary>
/// The backtest each user has running: a newer <c>rule test</c> from the same user (same platform and
/// workspace) stops the older one, so a user who retypes an expression is never kept waiting for the
/// first.
/// </summary>
internal sealed class BacktestRuns
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Platform, string Workspace, string User), Run> _running = [];

    /// <summary>Registers a backtest, stopping the user's previous one; dispose the run when it ends.</summary>
    public Run Start(ChannelKey channel, string userId, CancellationToken cancellationToken)
    {
        var key = (channel.Platform, channel.Workspace, userId);
        var run = new Run(this, key, cancellationToken);
        lock (_lock)
        {
            if (_running.Remove(key, out var older))
            {
                older.Supersede();
            }

            _running[key] = run;
        }

        return run;
    }

    private void End(Run run)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(run.Key, out var current) && current == run)
            {
                _running.Remove(run.Key);
            }
        }
    }

    /// <summary>One backtest: its token is cancelled when the host stops or a newer backtest of the user starts.</summary>
    internal sealed class Run : IDisposable
    {
        private readonly BacktestRuns _runs;
        private readonly CancellationTokenSource _cancel;
        private bool _disposed;

        public Run(BacktestRuns runs, (string, string, string) key, CancellationToken cancellationToken)
        {
            _runs = runs;
            Key = key;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public (string, string, string) Key { get; }

        public CancellationToken Token => _cancel.Token;

        /// <summary>A newer backtest of the same user stopped this one.</summary>
        public bool Superseded { get; private set; }

        /// <summary>Called under the registry's lock, so it never races <see cref="Dispose"/>.</summary>
        public void Supersede()
        {
            Superseded = true;
            if (!_disposed)
            {
                _cancel.Cancel();
            }
        }

        public void Dispose()
        {
            _runs.End(this);
            lock (_runs._lock)
            {
                _disposed = true;
                _cancel.Dispose();
            }
        }
    }
}

using System.Diagnostics;

namespace PolicyWatchBot.Benchmarks;

/// <summary>Timing shared by the modes: a warm-up, then the best of a few rounds.</summary>
internal static class Benchmark
{
    public const int Rounds = 5;

    // Tiered compilation replaces a hot method's first code in the background, after a delay: a
    // warm-up of one call can leave the first rounds (the baselines the ratios divide by) on it.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static double Best(Func<long> action, int rounds = Rounds)
    {
        var warming = Stopwatch.StartNew();
        do
        {
            action();
        }
        while (warming.Elapsed < WarmUp);

        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>
    /// The best time of each action, the actions taking turns within every round, so that a spell of
    /// load on the machine slows all of them alike rather than the one that happened to run then.
    /// </summary>
    public static double[] BestOfEach(IReadOnlyList<Func<long>> actions, int rounds = Rounds)
    {
        foreach (var action in actions)
        {
            var warming = Stopwatch.StartNew();
            do
            {
                action();
            }
            while (warming.Elapsed < WarmUp);
        }

        var best = new double[actions.Count];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            for (var a = 0; a < actions.Count; a++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                actions[a]();
                best[a] = Math.Min(best[a], watch.Elapsed.TotalSeconds);
            }
        }

        return best;
    }
}

using System.Diagnostics;

namespace PolicyWatchBot.Benchmarks;

/// <summary>Timing shared by the modes: a warm-up, then the best of a few rounds.</summary>
internal static class Benchmark
{
    public const int Rounds = 5;

    public static double Best(Func<long> action, int rounds = Rounds)
    {
        action();
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
}

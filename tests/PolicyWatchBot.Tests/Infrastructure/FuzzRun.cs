using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// Settings and bookkeeping shared by the fuzz tests. CI runs each with its small default count;
/// <c>POLICYWATCH_FUZZ_ITERATIONS=N</c> runs every fuzz test N times instead (a long local session),
/// and <c>POLICYWATCH_FUZZ_REPORT=FILE</c> appends one line per test: inputs, worst time, most
/// allocated by one input, and the process's peak working set.
/// </summary>
internal sealed class FuzzRun(string name, ITestOutputHelper? output)
{
    /// <summary>The most one input may allocate (the bound).</summary>
    public const long MaxAllocatedBytes = 64L * 1024 * 1024;

    private readonly Lock _gate = new();
    private long _inputs;
    private TimeSpan _worstTime;
    private long _worstAllocated;
    private string _worstInput = "";

    public static long Iterations(long ciDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("POLICYWATCH_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : ciDefault;

    /// <summary>Runs <paramref name="check"/> on one input, asserting it allocates at most <see cref="MaxAllocatedBytes"/>.</summary>
    public void Measure(string input, Action check)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        check();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated <= MaxAllocatedBytes, $"{name}: one input allocated {allocated:N0} bytes: {Shorten(input)}");
        lock (_gate)
        {
            _inputs++;
            if (elapsed > _worstTime)
            {
                _worstTime = elapsed;
                _worstInput = input;
            }

            _worstAllocated = Math.Max(_worstAllocated, allocated);
        }
    }

    /// <summary>Writes the summary to the test output and, when asked, to the report file.</summary>
    public void Report()
    {
        using var process = Process.GetCurrentProcess();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{name}: {_inputs:N0} inputs, worst {_worstTime.TotalMilliseconds:0.0} ms ({Shorten(_worstInput)}), most allocated by one input {_worstAllocated / 1024.0 / 1024.0:0.0} MB, peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB");
        output?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("POLICYWATCH_FUZZ_REPORT") is { Length: > 0 } file)
        {
            lock (_gate)
            {
                File.AppendAllText(file, line + Environment.NewLine);
            }
        }
    }

    private static string Shorten(string input)
    {
        var escaped = string.Concat(input.Take(80).Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
        return input.Length > 80 ? escaped + $"… ({input.Length:N0} chars)" : escaped;
    }
}

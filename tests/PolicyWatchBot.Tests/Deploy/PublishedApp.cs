using System.Diagnostics;
using System.Reflection;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Deploy;

/// <summary>
/// <c>dotnet publish</c> of the host into a temp folder, once per test class, and the published
/// program run as its own process. The publish is framework-dependent and reuses the build the tests
/// already made (<c>--no-build</c>): a self-contained publish downloads the runtime packs and takes
/// minutes, while this takes seconds and runs the same files <c>dotnet publish</c> lays out.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "policywatch-publish", Guid.NewGuid().ToString("N"));

    public string Program => Path.Combine(Folder, "policywatch");

    public async Task InitializeAsync()
    {
        var configuration = typeof(PublishedApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = Path.Combine(Fixtures.RepoRoot, "src", "PolicyWatchBot", "PolicyWatchBot.csproj");
        var result = await RunAsync(DotnetHost(), ["publish", project, "-c", configuration, "--no-build", "--no-restore", "-nodeReuse:false", "--nologo", "-o", Folder],
            Fixtures.RepoRoot, new Dictionary<string, string?>());
        Assert.True(result.Exit == 0, $"dotnet publish failed ({result.Exit}):\n{result.Output}\n{result.Error}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs the published program in <paramref name="workingDirectory"/>. Whatever the verb, the
    /// process gets no proxy unless the test gives one, listens on a port of its own, and never polls
    /// at start, so no test can reach a real feed host.
    /// </summary>
    public Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PolicyWatch__Feeds__PollOnStart"] = "false",
            ["Urls"] = "http://127.0.0.1:0",
            ["DOTNET_ENVIRONMENT"] = null,
            ["http_proxy"] = null,
            ["https_proxy"] = null,
            ["all_proxy"] = null,
            ["no_proxy"] = null,
            ["HTTP_PROXY"] = null,
            ["HTTPS_PROXY"] = null,
            ["ALL_PROXY"] = null,
            ["NO_PROXY"] = null,
        };
        if (Path.GetDirectoryName(DotnetHost()) is { Length: > 0 } root && File.Exists(DotnetHost()))
        {
            variables["DOTNET_ROOT"] = root;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return RunAsync(Program, args, workingDirectory, variables);
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> args, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not exit within {ProcessTimeout.TotalSeconds:0} s");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }
}

/// <summary>What a finished process left: its exit code, standard output and standard error.</summary>
public sealed record ProcessResult(int Exit, string Output, string Error);

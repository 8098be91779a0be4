using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Observability;

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT set, the worker pushes its metrics to a loopback OTLP/HTTP collector.</summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly TempSqliteDatabase _db = new();
    private readonly FeedFolder _feeds = new();
    private readonly WatchedWriter _console = new();
    private readonly ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> _received = new();
    private readonly TaskCompletionSource _gaugesArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer _collector = null!;
    private WebApplication? _app;

    public async Task InitializeAsync() => _collector = await LoopbackServer.StartAsync(ReceiveAsync);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(Fixtures.Timeout());
            await _app.DisposeAsync();
        }

        await _collector.DisposeAsync();
        _feeds.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Run_OtlpEndpointSet_MetricsPostedAsOtlpProtobufWithTheStoreGauges()
    {
        _feeds.Add("fr-bis", "federal-register", new Uri("http://127.0.0.1:9/fr/bis.json"));
        _app = WorkerApp.Build(_db, _feeds.Path, _console, pollOnStart: false,
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={_collector.BaseAddress.AbsoluteUri.TrimEnd('/')}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_METRIC_EXPORT_INTERVAL=200");

        await _app.StartAsync(Fixtures.Timeout());
        await _gaugesArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var export = _received.First(r => Contains(r.Body, "policywatch_outbox_alerts"));
        Assert.Equal("/v1/metrics", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.True(Contains(export.Body, "PolicyWatchBot"), "the export names the meter as its scope");
        Assert.True(Contains(export.Body, "pending"), "the outbox gauge carries its status attribute");
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        _received.Enqueue((context.Request.Path.Value ?? "", context.Request.ContentType, body.ToArray()));
        if (Contains(body.ToArray(), "policywatch_outbox_alerts"))
        {
            _gaugesArrived.TrySetResult();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    // Protobuf carries strings as their UTF-8 bytes, so a name sent is found as is.
    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

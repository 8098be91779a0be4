using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Socket Mode (on when <c>PolicyWatch:Slack:AppToken</c> is set): commands and button presses
/// arrive over a WebSocket the bot opens, so no public URL is needed. Each connection starts with
/// <c>apps.connections.open</c> (a one-time URL); every envelope is acknowledged; a <c>disconnect</c>
/// frame or a dropped socket reconnects (a failure backs off), <c>link_disabled</c> stops.
/// </summary>
internal sealed class SlackSocketMode(
    ISlackApi api,
    SlackInteractions interactions,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackSocketMode> logger) : BackgroundService
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromMinutes(2);
    private const int RememberedEnvelopes = 256;
    private readonly Queue<string> _seenOrder = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>How one connection ended.</summary>
    private enum Ending
    {
        /// <summary>Slack asked for a new connection (<c>refresh_requested</c>, <c>warning</c>, …): reconnect at once.</summary>
        Refresh,

        /// <summary>The socket closed or failed.</summary>
        Dropped,

        /// <summary>Socket Mode was turned off for the app.</summary>
        Disabled,
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.UsesSocketMode)
        {
            return;
        }

        var delay = options.Value.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                switch (await api.OpenConnectionAsync(stoppingToken))
                {
                    case SlackResult<Uri>.Ok opened:
                        var (ending, reason, ready) = await RunConnectionAsync(opened.Value, stoppingToken);
                        if (ready)
                        {
                            delay = options.Value.ReconnectDelay;
                        }

                        if (ending == Ending.Disabled)
                        {
                            logger.SocketDisabled();
                            return;
                        }

                        if (ending == Ending.Refresh)
                        {
                            logger.SocketRefresh(reason);
                            continue;
                        }

                        logger.SocketDropped(reason, delay);
                        break;
                    case SlackResult<Uri>.Refused refused:
                        delay = MaxReconnectDelay;
                        logger.AppTokenRefused(refused.Error, delay);
                        break;
                    case SlackResult<Uri>.RateLimited limited:
                        delay = limited.RetryAfter > delay ? limited.RetryAfter : delay;
                        logger.SocketDropped("apps.connections.open rate limited", delay);
                        break;
                    case SlackResult<Uri>.Unavailable unavailable:
                        logger.SocketDropped(unavailable.Reason, delay);
                        break;
                }

                await Task.Delay(delay, time, stoppingToken);
                delay = delay * 2 > MaxReconnectDelay ? MaxReconnectDelay : delay * 2;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<(Ending Ending, string Reason, bool Ready)> RunConnectionAsync(Uri url, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        using var connection = new Connection(socket, stoppingToken);
        try
        {
            await socket.ConnectAsync(url, stoppingToken);
            while (await connection.ReceiveAsync() is { } frame)
            {
                switch (frame.Type)
                {
                    case "hello":
                        connection.Ready = true;
                        logger.SocketConnected(frame.ConnectionInfo?.AppId);
                        break;
                    case "disconnect":
                        await connection.CloseAsync();
                        return (frame.Reason == "link_disabled" ? Ending.Disabled : Ending.Refresh, frame.Reason ?? "disconnect", connection.Ready);
                    default:
                        if (frame.EnvelopeId is not null)
                        {
                            connection.Track(HandleEnvelopeAsync(connection, frame));
                        }

                        break;
                }
            }

            return (Ending.Dropped, "closed by Slack", connection.Ready);
        }
        catch (Exception ex) when (ex is WebSocketException or JsonException or IOException)
        {
            return (Ending.Dropped, $"{ex.GetType().Name}: {ex.Message}", connection.Ready);
        }
        finally
        {
            await connection.DrainAsync();
        }
    }

    /// <summary>Handles one envelope and acknowledges it, with the slash command's immediate answer when Slack takes one.</summary>
    private async Task HandleEnvelopeAsync(Connection connection, SocketFrame frame)
    {
        if (!IsNewEnvelope(frame.EnvelopeId!))
        {
            await connection.AckAsync(new SocketAck(frame.EnvelopeId!, null));
            return;
        }

        ResponseMessage? answer = null;
        switch (frame.Type)
        {
            case "slash_commands" when frame.Payload.Deserialize(SlackJsonContext.Default.SlashCommandPayload) is { } command:
                if (!string.IsNullOrWhiteSpace(options.Value.AppId) && command.ApiAppId != options.Value.AppId)
                {
                    break;
                }

                answer = await interactions.HandleCommandAsync(command, connection.Stopping);
                break;
            case "interactive" when frame.Payload.Deserialize(SlackJsonContext.Default.InteractionPayload) is { } payload:
                interactions.HandleInteraction(payload);
                break;
        }

        await connection.AckAsync(new SocketAck(frame.EnvelopeId!, frame.AcceptsResponsePayload ? answer : null));
    }

    /// <summary>False for an envelope id seen before (Slack redelivers what it thinks was not acknowledged).</summary>
    private bool IsNewEnvelope(string envelopeId)
    {
        lock (_seen)
        {
            if (!_seen.Add(envelopeId))
            {
                return false;
            }

            _seenOrder.Enqueue(envelopeId);
            if (_seenOrder.Count > RememberedEnvelopes)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            return true;
        }
    }

    /// <summary>One WebSocket: framed receives, serialized sends, and the envelopes in flight.</summary>
    private sealed class Connection(ClientWebSocket socket, CancellationToken stopping) : IDisposable
    {
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly List<Task> _inFlight = [];

        public CancellationToken Stopping => stopping;

        public bool Ready { get; set; }

        public async Task<SocketFrame?> ReceiveAsync()
        {
            using var message = new MemoryStream();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, stopping);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    message.Position = 0;
                    return await JsonSerializer.DeserializeAsync(message, SlackJsonContext.Default.SocketFrame, stopping);
                }
            }
        }

        public async Task AckAsync(SocketAck ack)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(ack, SlackJsonContext.Default.SocketAck);
            await _sending.WaitAsync(stopping);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, stopping);
                }
            }
            finally
            {
                _sending.Release();
            }
        }

        public void Track(Task task)
        {
            lock (_inFlight)
            {
                _inFlight.RemoveAll(t => t.IsCompleted);
                _inFlight.Add(task);
            }
        }

        public async Task CloseAsync()
        {
            await DrainAsync();
            if (socket.State == WebSocketState.Open)
            {
                await _sending.WaitAsync(stopping);
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", stopping);
                }
                finally
                {
                    _sending.Release();
                }
            }
        }

        public void Dispose() => _sending.Dispose();

        /// <summary>Waits for the envelopes being handled, so each is acknowledged before the socket goes.</summary>
        public async Task DrainAsync()
        {
            Task[] pending;
            lock (_inFlight)
            {
                pending = [.. _inFlight];
            }

            try
            {
                await Task.WhenAll(pending);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The socket went while answering; Slack redelivers what was not acknowledged.
            }
        }
    }
}

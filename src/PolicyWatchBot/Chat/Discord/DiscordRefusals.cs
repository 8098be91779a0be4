using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Remembers Discord's refusals so the bot does not repeat them: 401, 403 and 429 count toward
/// Discord's invalid-request limit (10,000 per 10 minutes, then a ban of the IP). After a 401 the
/// token is not used for <see cref="DiscordOptions.RefusalHold"/>; after a 403 or 404 on a channel
/// that channel is not called for as long, unless a call to it succeeds or someone uses the bot there.
/// </summary>
internal sealed class DiscordRefusals(TimeProvider time, IOptions<DiscordOptions> options)
{
    private readonly ConcurrentDictionary<string, Refusal> _channels = new(StringComparer.Ordinal);
    private Refusal? _token;

    /// <summary>A refusal that still stands for this route (answer it without calling), or null.</summary>
    public DiscordCallResult? Standing(DiscordRoute route)
    {
        var now = time.GetUtcNow();
        if (route.IsBotCall && Volatile.Read(ref _token) is { } token && token.Until > now)
        {
            return token.Result;
        }

        return route.ChannelId is { } channel && _channels.TryGetValue(channel, out var refusal) && refusal.Until > now
            ? refusal.Result
            : null;
    }

    public void Record(DiscordRoute route, DiscordCallResult result)
    {
        var until = time.GetUtcNow() + options.Value.RefusalHold;
        switch (result.Status)
        {
            case DiscordCallStatus.Unauthorized when route.IsBotCall:
                Volatile.Write(ref _token, new Refusal(result, until));
                break;
            case DiscordCallStatus.Forbidden or DiscordCallStatus.NotFound when route.ChannelId is { } channel && IsAboutTheChannel(route, result):
                _channels[channel] = new Refusal(result, until);
                break;
            case DiscordCallStatus.Ok:
                Volatile.Write(ref _token, null);
                if (route.ChannelId is { } reached)
                {
                    _channels.TryRemove(reached, out _);
                }

                break;
        }
    }

    /// <summary>Someone used the bot in the channel: access may be back, so the next post tries again.</summary>
    public void Forget(string channelId) => _channels.TryRemove(channelId, out _);

    // A 404 for one message (deleted by someone) says nothing about the channel.
    private static bool IsAboutTheChannel(DiscordRoute route, DiscordCallResult result) =>
        result.Status == DiscordCallStatus.Forbidden || result.ErrorCode == DiscordCallResult.UnknownChannel
        || (result.ErrorCode is null && route.IsCreateMessage);

    private sealed record Refusal(DiscordCallResult Result, DateTimeOffset Until);
}

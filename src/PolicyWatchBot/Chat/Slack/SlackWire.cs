using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyWatchBot.Chat.Slack;

// Slack Web API, response_url and Socket Mode JSON. Wire shapes only: mapped to and from the
// domain in the adapter, serialized with SlackJsonContext (snake_case, nulls omitted).

/// <summary>Every Web API answer: <c>{"ok":true,…}</c> or <c>{"ok":false,"error":"…"}</c>.</summary>
internal record SlackEnvelope
{
    public bool Ok { get; init; }
    public string? Error { get; init; }
}

/// <summary><c>chat.postMessage</c>; a reply in a thread names its parent's <c>ts</c> (and is shown in the channel too with <c>reply_broadcast</c>).</summary>
internal sealed record PostMessageRequest(
    string Channel, string Text, IReadOnlyList<SlackBlock>? Blocks, MessageMetadata? Metadata, bool UnfurlLinks = false, bool UnfurlMedia = false)
{
    public string? ThreadTs { get; init; }
    public bool? ReplyBroadcast { get; init; }
}

internal sealed record UpdateMessageRequest(string Channel, string Ts, string Text, IReadOnlyList<SlackBlock>? Blocks);

internal sealed record PostEphemeralRequest(string Channel, string User, string Text, IReadOnlyList<SlackBlock>? Blocks);

/// <summary>What we post to a <c>response_url</c>, or put in an HTTP answer or a Socket Mode ack.</summary>
internal sealed record ResponseMessage(string Text, IReadOnlyList<SlackBlock>? Blocks, string ResponseType, bool? ReplaceOriginal = null);

/// <summary>Message metadata: ties a posted message to the post it carries, for the check before a resend.</summary>
internal sealed record MessageMetadata(string EventType, MetadataPayload EventPayload);

internal sealed record MetadataPayload(string PostId);

internal sealed record PostMessageResponse : SlackEnvelope
{
    public string? Ts { get; init; }
    public string? Channel { get; init; }
}

internal sealed record HistoryResponse : SlackEnvelope
{
    public IReadOnlyList<HistoryMessage> Messages { get; init; } = [];
}

internal sealed record HistoryMessage(string? Ts, MessageMetadata? Metadata);

internal sealed record AuthTestResponse : SlackEnvelope
{
    public string? TeamId { get; init; }
    public string? Team { get; init; }
    public string? UserId { get; init; }
}

internal sealed record ConnectionsOpenResponse : SlackEnvelope
{
    public string? Url { get; init; }
}

/// <summary>A slash command: the HTTP form fields, or the payload of a Socket Mode <c>slash_commands</c> envelope.</summary>
internal sealed record SlashCommandPayload
{
    public string? Command { get; init; }
    public string? Text { get; init; }
    public string? TeamId { get; init; }
    public string? ChannelId { get; init; }
    public string? ChannelName { get; init; }
    public string? UserId { get; init; }
    public string? UserName { get; init; }
    public string? ApiAppId { get; init; }
    public string? ResponseUrl { get; init; }
}

/// <summary>A <c>block_actions</c> payload (a button pressed); the fields we use.</summary>
internal sealed record InteractionPayload
{
    public string? Type { get; init; }
    public InteractionUser? User { get; init; }
    public InteractionTeam? Team { get; init; }
    public string? ApiAppId { get; init; }
    public InteractionContainer? Container { get; init; }
    public InteractionChannel? Channel { get; init; }
    public string? ResponseUrl { get; init; }
    public IReadOnlyList<InteractionAction?>? Actions { get; init; } = [];
}

internal sealed record InteractionUser(string? Id, string? Username, string? Name, string? TeamId);

internal sealed record InteractionTeam(string? Id);

internal sealed record InteractionContainer(string? ChannelId, string? MessageTs);

internal sealed record InteractionChannel(string? Id, string? Name);

internal sealed record InteractionAction(string? ActionId, string? Value);

/// <summary>Any Socket Mode frame from Slack: <c>hello</c>, <c>disconnect</c>, or an envelope.</summary>
internal sealed record SocketFrame
{
    public string? Type { get; init; }
    public string? EnvelopeId { get; init; }
    public JsonElement Payload { get; init; }
    public bool AcceptsResponsePayload { get; init; }
    public string? Reason { get; init; }
    public SocketConnectionInfo? ConnectionInfo { get; init; }
}

internal sealed record SocketConnectionInfo(string? AppId);

/// <summary>The acknowledgement of one envelope, with the immediate answer to a slash command.</summary>
internal sealed record SocketAck(string EnvelopeId, ResponseMessage? Payload);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackEnvelope))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(UpdateMessageRequest))]
[JsonSerializable(typeof(PostEphemeralRequest))]
[JsonSerializable(typeof(ResponseMessage))]
[JsonSerializable(typeof(PostMessageResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(AuthTestResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
[JsonSerializable(typeof(SlashCommandPayload))]
[JsonSerializable(typeof(InteractionPayload))]
[JsonSerializable(typeof(SocketFrame))]
[JsonSerializable(typeof(SocketAck))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;

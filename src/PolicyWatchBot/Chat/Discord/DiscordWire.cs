using System.Text.Json.Serialization;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// What the bot sends to Discord's REST API (messages, embeds, buttons, interaction responses) and
/// the few answers it reads, kept apart from the domain records. Null members are left out.
/// </summary>
internal static class DiscordWire
{
    public const int EphemeralFlag = 1 << 6;

    /// <summary>A message body: <c>POST/PATCH …/messages</c>, interaction responses and follow-ups.</summary>
    internal sealed class Message
    {
        public string? Content { get; init; }
        public List<Embed>? Embeds { get; init; }

        /// <summary>Always present and empty but for a rule's own mentions: nothing from a feed can ping anyone.</summary>
        public AllowedMentions AllowedMentions { get; init; } = new();

        public List<ActionRow>? Components { get; init; }
        public int? Flags { get; init; }
        public string? Nonce { get; init; }
        public bool? EnforceNonce { get; init; }

        /// <summary>A reply: the message it answers (a thread's parent alert).</summary>
        public MessageReference? MessageReference { get; init; }
    }

    internal sealed class AllowedMentions
    {
        public List<string> Parse { get; init; } = [];

        /// <summary>The only roles that may be pinged: those a manager attached to an urgent rule.</summary>
        public List<string>? Roles { get; init; }

        /// <summary>The only users that may be pinged: those a manager attached to an urgent rule.</summary>
        public List<string>? Users { get; init; }

        /// <summary>A reply never pings the author of the message it answers.</summary>
        public bool? RepliedUser { get; init; }
    }

    /// <summary><c>message_reference</c> of a reply; with <c>fail_if_not_exists</c> a deleted parent is refused rather than quietly dropped.</summary>
    internal sealed class MessageReference
    {
        public required string MessageId { get; init; }
        public bool FailIfNotExists { get; init; } = true;
    }

    internal sealed class Embed
    {
        public string? Title { get; set; }
        public string? Url { get; init; }
        public string? Description { get; set; }
        public int? Color { get; init; }
        public List<EmbedField> Fields { get; init; } = [];
        public EmbedFooter? Footer { get; set; }
        public string? Timestamp { get; init; }
    }

    internal sealed class EmbedField
    {
        public required string Name { get; set; }
        public required string Value { get; set; }
        public bool Inline { get; init; }
    }

    internal sealed class EmbedFooter
    {
        public required string Text { get; set; }
    }

    internal sealed class ActionRow
    {
        public int Type { get; init; } = 1;
        public required List<Button> Components { get; init; }
    }

    internal sealed class Button
    {
        public const int Primary = 1;
        public const int Secondary = 2;
        public const int Link = 5;

        public int Type { get; init; } = 2;
        public required int Style { get; init; }
        public required string Label { get; init; }
        public string? CustomId { get; init; }
        public string? Url { get; init; }
    }

    /// <summary>An interaction response that carries a message (types 4, 5, 6, 7) or nothing (1, PONG).</summary>
    internal sealed class MessageResponse
    {
        public required int Type { get; init; }
        public Message? Data { get; init; }
    }

    /// <summary>Type 8: the suggestions for the option being typed.</summary>
    internal sealed class AutocompleteResponse
    {
        public int Type { get; init; } = 8;
        public required AutocompleteChoices Data { get; init; }
    }

    internal sealed class AutocompleteChoices
    {
        public required List<AutocompleteChoice> Choices { get; init; }
    }

    internal sealed class AutocompleteChoice
    {
        public required string Name { get; init; }
        public required string Value { get; init; }
    }

    /// <summary>The part of a created message the bot keeps.</summary>
    internal sealed class CreatedMessage
    {
        public string? Id { get; init; }
    }

    /// <summary>An error answer: <c>{"code": 50013, "message": "Missing Permissions"}</c>, or a 429's <c>retry_after</c> and <c>global</c>.</summary>
    internal sealed class Error
    {
        public int? Code { get; init; }
        public string? Message { get; init; }
        public double? RetryAfter { get; init; }
        public bool? Global { get; init; }
    }
}

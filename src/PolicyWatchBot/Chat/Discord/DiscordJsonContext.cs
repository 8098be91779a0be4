using System.Text.Json.Serialization;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>Source-generated System.Text.Json metadata for the Discord wire shapes (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DiscordWire.Message))]
[JsonSerializable(typeof(DiscordWire.MessageResponse))]
[JsonSerializable(typeof(DiscordWire.AutocompleteResponse))]
[JsonSerializable(typeof(DiscordWire.CreatedMessage))]
[JsonSerializable(typeof(DiscordWire.Error))]
[JsonSerializable(typeof(DiscordInteractionWire.Interaction))]
[JsonSerializable(typeof(List<DiscordCommandWire.Command>))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;

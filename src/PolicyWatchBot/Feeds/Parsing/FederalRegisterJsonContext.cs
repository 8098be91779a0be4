using System.Text.Json.Serialization;

namespace PolicyWatchBot.Feeds.Parsing;

/// <summary>Source-generated System.Text.Json metadata for the Federal Register wire shapes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(FederalRegisterWire.Answer<FederalRegisterWire.Document>), TypeInfoPropertyName = "DocumentsAnswer")]
[JsonSerializable(typeof(FederalRegisterWire.Answer<FederalRegisterWire.PublicInspectionDocument>), TypeInfoPropertyName = "PublicInspectionAnswer")]
[JsonSerializable(typeof(FederalRegisterWire.PublicInspectionDocument))]
internal sealed partial class FederalRegisterJsonContext : JsonSerializerContext;

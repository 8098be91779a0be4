using System.Text.Json.Serialization;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Screening.Entities;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Storage;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(FeedItem))]
[JsonSerializable(typeof(AlertMessage))]
[JsonSerializable(typeof(MuteNotice))]
[JsonSerializable(typeof(AlertDigest))]
[JsonSerializable(typeof(List<FieldChange>))]
[JsonSerializable(typeof(ThreadStage))]
[JsonSerializable(typeof(ReminderMessage))]
[JsonSerializable(typeof(FeedHealthNotice))]
[JsonSerializable(typeof(ListedEntity))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

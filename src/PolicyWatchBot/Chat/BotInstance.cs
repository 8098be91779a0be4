using System.Reflection;

namespace PolicyWatchBot.Chat;

/// <summary>This running bot, for <c>status</c>: its version and when it started.</summary>
internal sealed class BotInstance(TimeProvider time)
{
    public string Version { get; } =
        typeof(BotInstance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
}

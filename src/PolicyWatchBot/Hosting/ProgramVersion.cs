using System.Reflection;

namespace PolicyWatchBot.Hosting;

/// <summary>The program's version (the informational version, without the commit hash), for <c>--version</c> and <c>status</c>.</summary>
internal static class ProgramVersion
{
    public static string Text { get; } =
        typeof(ProgramVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}

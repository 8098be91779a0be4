using System.Reflection;
using PolicyWatchBot.Jobs;
using PolicyWatchBot.Storage.Postgres;
using Quartz;

namespace PolicyWatchBot.Tests.Storage;

/// <summary>
/// Our PostgreSQL migration of Quartz's tables is the script the referenced Quartz embeds, so a
/// Quartz upgrade that changes its schema fails here instead of at the first clustered start.
/// </summary>
public sealed class QuartzMigrationTests
{
    private const string QuartzScript = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    [Fact]
    public void QuartzMigration_IsTheReferencedQuartzsEmbeddedPostgresScriptWithOurPrefix()
    {
        var quartz = typeof(IScheduler).Assembly;
        var expected = Normalise(Read(quartz, QuartzScript))
            .Replace("{0}", SchedulerStore.TablePrefix, StringComparison.Ordinal)
            .Replace("{1}", SchedulerStore.TablePrefix, StringComparison.Ordinal);
        var (name, migration) = OurMigration();

        Assert.True(
            migration.EndsWith(expected, StringComparison.Ordinal),
            $"{name} is not Quartz {Version(quartz)}'s {QuartzScript} with the prefix {SchedulerStore.TablePrefix}: " +
            "Quartz's schema changed. Leave the applied migration as it is and add a new one that brings the schema to this version.");
        var header = migration[..^expected.Length];
        Assert.All(header.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("--", line, StringComparison.Ordinal));
    }

    [Fact]
    public void QuartzMigration_CreatesEveryTableTheStoreValidates()
    {
        var (_, migration) = OurMigration();

        foreach (var table in new[] { "job_details", "triggers", "simple_triggers", "cron_triggers", "simprop_triggers", "blob_triggers",
                     "calendars", "paused_trigger_grps", "paused_job_grps", "fired_triggers", "scheduler_state", "locks" })
        {
            Assert.Contains($"CREATE TABLE IF NOT EXISTS {SchedulerStore.TablePrefix}{table} (", migration, StringComparison.Ordinal);
        }

        var statements = migration.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(statements, l => l.Contains("{0}", StringComparison.Ordinal) || l.Contains("{1}", StringComparison.Ordinal));
    }

    private static (string Name, string Text) OurMigration()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        var name = Assert.Single(PostgresMigrator.Scripts, s => s.Name.EndsWith("_quartz.sql", StringComparison.Ordinal)).Name;
        return (name, Normalise(Read(assembly, "PolicyWatchBot.Storage.Postgres.Migrations." + name)));
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} embeds no {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Quartz's copy has Windows line ends; ours is checked in with Unix ones.
    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
}

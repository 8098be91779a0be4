using System.Globalization;
using Microsoft.Extensions.Configuration;
using PolicyWatchBot.Storage;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// Which bot instance this process is (<c>PolicyWatch:InstanceId</c>, by default the host name and
/// process id) and whether it shares its work with others: on the PostgreSQL store instances run
/// clustered, each feed's poll, reminder and digest firing on one of them. The id names this
/// instance's outbox leases, its Quartz node and its metrics, so it must differ between instances.
/// </summary>
internal sealed class InstanceIdentity
{
    public const string Key = "PolicyWatch:InstanceId";

    private const int MaxLength = 100;

    public InstanceIdentity(string id, bool clustered)
    {
        Id = id;
        Clustered = clustered;
    }

    public string Id { get; }

    public bool Clustered { get; }

    /// <exception cref="StartupProblemException">The configured id is too long or has characters other than letters, digits and <c>. _ - :</c>.</exception>
    public static InstanceIdentity From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[Key]?.Trim();
        var id = string.IsNullOrEmpty(configured)
            ? $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}"
            : configured;
        if (id.Length > MaxLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':'))
        {
            throw new StartupProblemException(
                $"{Key} '{id}' is not an instance id: use at most {MaxLength} letters, digits, '.', '_', '-' or ':' (or leave it out for the host name and process id)");
        }

        var provider = configuration[StorageOptions.Section + ":" + nameof(StorageOptions.Provider)];
        return new InstanceIdentity(id, string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase));
    }
}

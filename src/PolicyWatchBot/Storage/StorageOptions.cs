using System.ComponentModel.DataAnnotations;

namespace PolicyWatchBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "PolicyWatch:Storage";

    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary><see cref="Sqlite"/> (one process, the default) or <see cref="Postgres"/> (several instances on one database).</summary>
    [Required]
    public string Provider { get; set; } = Sqlite;

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/policywatch.db";

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Provider} store";
}

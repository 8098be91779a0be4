using System.ComponentModel.DataAnnotations;

namespace PolicyWatchBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "PolicyWatch:Storage";

    [Required]
    public string Provider { get; set; } = "Sqlite";

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/policywatch.db";

    public override string ToString() => $"{Provider} store";
}

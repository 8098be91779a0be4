namespace PolicyWatchBot.Storage;

/// <summary>Where the configured store keeps its data, as logs and start-up errors name it (never with a password).</summary>
internal interface IStoreLocation
{
    /// <summary>"data/policywatch.db", or "db.example:5432/policywatch as bot".</summary>
    string Describe { get; }

    /// <summary>What to tell the operator when the store cannot be opened or migrated, or null when the error is not the store's.</summary>
    string? Explain(Exception exception);
}

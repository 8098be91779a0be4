namespace PolicyWatchBot.Core.Audit;

/// <summary>Who did something: the platform's user id and the display name as it was then.</summary>
public sealed record Actor(string UserId, string UserName)
{
    /// <summary>Changes made by applying configuration at start (the console channel).</summary>
    public static Actor Configuration { get; } = new("configuration", "configuration");

    public static Actor System { get; } = new("policywatch", "PolicyWatchBot");
}

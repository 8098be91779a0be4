using System.Text.Json.Serialization;

namespace PolicyWatchBot.Feeds;

/// <summary>The JSON shape of one <c>feeds/*.json</c> file, before validation.</summary>
internal sealed class FeedDefinitionFile
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Kind { get; set; }
    public string? Url { get; set; }
    public ScheduleFile? Schedule { get; set; }
    public string? Jurisdiction { get; set; }
    public string? DefaultAgency { get; set; }
    public string? DefaultType { get; set; }
    public List<string>? Tags { get; set; }
    public HtmlFile? Html { get; set; }

    internal sealed class ScheduleFile
    {
        public string? Cron { get; set; }
        public string? Interval { get; set; }
        public string? TimeZone { get; set; }
    }

    internal sealed class HtmlFile
    {
        public string? Item { get; set; }
        public string? Title { get; set; }
        public string? Link { get; set; }
        public string? Date { get; set; }
        public string? Summary { get; set; }
    }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FeedDefinitionFile))]
internal sealed partial class FeedDefinitionJsonContext : JsonSerializerContext;

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
    public JsonFile? Json { get; set; }
    public DetailFile? Detail { get; set; }
    public string? Base { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public List<string>? HeaderHosts { get; set; }
    public bool? Verified { get; set; }
    public bool? FullText { get; set; }
    public string? KeyParameter { get; set; }
    public ListFile? List { get; set; }

    /// <summary>Free text for the people who maintain the catalogue (where the selectors come from, what to check).</summary>
    public string? Comment { get; set; }

    internal sealed class ListFile
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Format { get; set; }
    }

    internal sealed class ScheduleFile
    {
        public string? Cron { get; set; }
        public string? Interval { get; set; }
        public string? TimeZone { get; set; }
    }

    internal sealed class JsonFile
    {
        public string? Items { get; set; }
        public bool? Columns { get; set; }
        public Dictionary<string, List<string>>? Where { get; set; }
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? FallbackTitle { get; set; }
        public string? Link { get; set; }
        public string? Published { get; set; }
        public string? Updated { get; set; }
        public string? Summary { get; set; }
        public string? Type { get; set; }
        public string? Agency { get; set; }
        public Dictionary<string, string>? Fields { get; set; }
        public string? NextPage { get; set; }
        public OffsetFile? Offset { get; set; }
    }

    internal sealed class OffsetFile
    {
        public string? Parameter { get; set; }
        public int? PageSize { get; set; }
    }

    internal sealed class DetailFile
    {
        public string? Text { get; set; }
        public string? Date { get; set; }
        public int? MaxChars { get; set; }
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

using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.XPath;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;
using Quartz;

namespace PolicyWatchBot.Feeds;

/// <summary>
/// Reads and validates <c>feeds/*.json</c>. A bad file is reported with its path and field, and
/// every other feed still loads.
/// </summary>
public static partial class FeedCatalogLoader
{
    public static readonly IReadOnlySet<string> Jurisdictions =
        new HashSet<string>(["us", "uk", "eu", "jp", "nl", "ca", "au", "kr", "tw", "intl"], StringComparer.Ordinal);

    private static readonly Dictionary<string, FeedKind> Kinds = new(StringComparer.Ordinal)
    {
        ["federal-register"] = FeedKind.FederalRegister,
        ["federal-register-public-inspection"] = FeedKind.FederalRegisterPublicInspection,
        ["syndication"] = FeedKind.Syndication,
        ["html-list"] = FeedKind.HtmlList,
        ["html-page"] = FeedKind.HtmlPage,
    };

    /// <summary>The kind as written in a definition file (<c>federal-register</c>, ...).</summary>
    public static string KindName(FeedKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static FeedCatalog Load(string directory)
    {
        var feeds = new List<FeedDefinition>();
        var errors = new List<string>();
        if (!Directory.Exists(directory))
        {
            return new FeedCatalog(feeds, [$"{directory}: the feeds folder does not exist"]);
        }

        foreach (var path in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var display = Path.Combine(Path.GetFileName(directory.TrimEnd('/', '\\')), Path.GetFileName(path));
            var (feed, error) = LoadFile(path, display);
            if (error is not null)
            {
                errors.Add(error);
            }
            else if (feeds.Any(f => f.Id == feed!.Id))
            {
                errors.Add($"{display}: id: '{feed!.Id}' is already defined by another file");
            }
            else
            {
                feeds.Add(feed!);
            }
        }

        return new FeedCatalog(feeds, errors);
    }

    private static (FeedDefinition? Feed, string? Error) LoadFile(string path, string display)
    {
        FeedDefinitionFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), FeedDefinitionJsonContext.Default.FeedDefinitionFile);
        }
        catch (JsonException ex)
        {
            return (null, $"{display}: {ex.Path ?? "$"}: not valid feed JSON ({FirstLine(ex.Message)})");
        }

        if (file is null)
        {
            return (null, $"{display}: $: the file is empty");
        }

        try
        {
            return (Validate(file), null);
        }
        catch (FeedDefinitionException ex)
        {
            return (null, $"{display}: {ex.Field}: {ex.Message}");
        }
    }

    private static FeedDefinition Validate(FeedDefinitionFile file)
    {
        var id = Require(file.Id, "id");
        if (!FeedIdPattern().IsMatch(id))
        {
            throw new FeedDefinitionException("id", $"'{id}' must be 2 to 48 lower-case letters, digits or '-'");
        }

        var kindText = Require(file.Kind, "kind");
        if (!Kinds.TryGetValue(kindText, out var kind))
        {
            throw new FeedDefinitionException("kind", $"'{kindText}' is not one of {string.Join(", ", Kinds.Keys)}");
        }

        var urlText = Require(file.Url, "url");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new FeedDefinitionException("url", $"'{urlText}' is not an absolute http(s) URL");
        }

        var jurisdiction = Require(file.Jurisdiction, "jurisdiction");
        if (!Jurisdictions.Contains(jurisdiction))
        {
            throw new FeedDefinitionException("jurisdiction", $"'{jurisdiction}' is not one of {string.Join(", ", Jurisdictions)}");
        }

        var tags = file.Tags ?? [];
        foreach (var tag in tags)
        {
            if (!FeedIdPattern().IsMatch(tag))
            {
                throw new FeedDefinitionException("tags", $"'{tag}' must be lower-case letters, digits or '-' (written without '#')");
            }
        }

        var html = ValidateHtml(file.Html, kind);
        return new FeedDefinition
        {
            Id = new FeedId(id),
            Title = Require(file.Title, "title"),
            Kind = kind,
            Url = url,
            Schedule = ValidateSchedule(file.Schedule),
            Jurisdiction = jurisdiction,
            DefaultAgency = file.DefaultAgency,
            DefaultType = file.DefaultType,
            Tags = tags,
            Html = html,
        };
    }

    private static FeedSchedule ValidateSchedule(FeedDefinitionFile.ScheduleFile? schedule)
    {
        if (schedule is null || (schedule.Cron is null) == (schedule.Interval is null))
        {
            throw new FeedDefinitionException("schedule", "give exactly one of 'cron' (a Quartz cron expression) or 'interval' (e.g. '30m', '2h')");
        }

        var timeZone = schedule.TimeZone ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            throw new FeedDefinitionException("schedule.timeZone", $"'{timeZone}' is not a known IANA time zone");
        }

        if (schedule.Cron is { } cron)
        {
            if (!CronExpression.TryParse(cron, out _))
            {
                throw new FeedDefinitionException("schedule.cron", $"'{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week)");
            }

            return new FeedSchedule { Cron = cron, TimeZone = timeZone };
        }

        if (!DurationText.TryParse(schedule.Interval, out var interval) || interval < TimeSpan.FromMinutes(1))
        {
            throw new FeedDefinitionException("schedule.interval", $"'{schedule.Interval}' is not a duration of at least 1 minute such as '15m', '2h' or '1d'");
        }

        return new FeedSchedule { Interval = interval, TimeZone = timeZone };
    }

    private static HtmlSelectors? ValidateHtml(FeedDefinitionFile.HtmlFile? html, FeedKind kind)
    {
        var needsHtml = kind is FeedKind.HtmlList or FeedKind.HtmlPage;
        if (html is null)
        {
            return needsHtml ? throw new FeedDefinitionException("html", "an HTML feed needs 'html' selectors (at least 'item')") : null;
        }

        var selectors = new HtmlSelectors
        {
            Item = CheckXPath(Require(html.Item, "html.item"), "html.item")!,
            Title = CheckXPath(html.Title, "html.title"),
            Link = CheckXPath(html.Link, "html.link"),
            Date = CheckXPath(html.Date, "html.date"),
            Summary = CheckXPath(html.Summary, "html.summary"),
        };
        if (kind == FeedKind.HtmlList && (selectors.Title is null || selectors.Link is null))
        {
            throw new FeedDefinitionException("html", "an html-list feed needs 'title' and 'link' selectors");
        }

        return selectors;
    }

    private static string? CheckXPath(string? xpath, string field)
    {
        if (xpath is null)
        {
            return null;
        }

        try
        {
            XPathExpression.Compile(xpath);
            return xpath;
        }
        catch (XPathException ex)
        {
            throw new FeedDefinitionException(field, $"'{xpath}' is not a valid XPath ({FirstLine(ex.Message)})");
        }
    }

    private static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new FeedDefinitionException(field, "is required") : value.Trim();

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,47}$")]
    private static partial Regex FeedIdPattern();

    private sealed class FeedDefinitionException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}

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
    private static readonly Dictionary<string, FeedKind> Kinds = new(StringComparer.Ordinal)
    {
        ["federal-register"] = FeedKind.FederalRegister,
        ["federal-register-public-inspection"] = FeedKind.FederalRegisterPublicInspection,
        ["syndication"] = FeedKind.Syndication,
        ["html-list"] = FeedKind.HtmlList,
        ["html-page"] = FeedKind.HtmlPage,
        ["json-list"] = FeedKind.JsonList,
        ["entity-list"] = FeedKind.EntityList,
    };

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "If-None-Match", "If-Modified-Since", "Accept-Encoding",
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
            else if (feed!.EntityList is { } list && feeds.FirstOrDefault(f => f.EntityList?.List == list.List) is { } other)
            {
                // Two feeds on one stored list would each read the other's version as the list changing.
                errors.Add($"{display}: list.id: '{list.List}' is already the list of feed {other.Id}; give each list feed its own list id");
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

        foreach (Match placeholder in AnyPlaceholder().Matches(urlText))
        {
            if (!SecretPlaceholder().IsMatch(placeholder.Value) && !Fetching.UrlDates.IsPlaceholder(placeholder.Value))
            {
                throw new FeedDefinitionException("url", $"'{placeholder.Value}' is not a placeholder a URL can hold: {{secret:NAME}}, {{today}} or {{today-7d}}");
            }
        }

        var secrets = SecretsInUrl(urlText);
        var headers = ValidateHeaders(file.Headers, secrets);

        var jurisdiction = Require(file.Jurisdiction, "jurisdiction");
        if (!Jurisdictions.IsKnown(jurisdiction))
        {
            throw new FeedDefinitionException("jurisdiction", $"'{jurisdiction}' is not one of {string.Join(", ", Jurisdictions.Codes)}");
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
        var json = ValidateJson(file.Json, kind);
        var detail = ValidateDetail(file.Detail, kind);
        var list = ValidateList(file.List, kind);
        Uri? linkBase = null;
        if (file.Base is { } baseText
            && (!Uri.TryCreate(baseText, UriKind.Absolute, out linkBase) || (linkBase.Scheme != Uri.UriSchemeHttps && linkBase.Scheme != Uri.UriSchemeHttp)))
        {
            throw new FeedDefinitionException("base", $"'{baseText}' is not an absolute http(s) URL");
        }

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
            Json = json,
            Detail = detail,
            EntityList = list,
            Base = linkBase,
            Headers = headers,
            HeaderHosts = ValidateHeaderHosts(file.HeaderHosts, headers.Count),
            Secrets = secrets.Distinct(StringComparer.Ordinal).ToList(),
            Verified = file.Verified ?? true,
            FullText = ValidateFullText(file.FullText, kind),
            KeyParameter = file.KeyParameter is null ? null : Require(file.KeyParameter, "keyParameter"),
        };
    }

    // A secret may only be a query parameter value: HTTP logs and error messages show paths, and
    // shown URLs keep the placeholder.
    private static List<string> SecretsInUrl(string urlText)
    {
        var names = new List<string>();
        var query = urlText.IndexOf('?', StringComparison.Ordinal);
        var fragment = urlText.IndexOf('#', StringComparison.Ordinal);
        foreach (Match placeholder in SecretPlaceholder().Matches(urlText))
        {
            if (query < 0 || placeholder.Index < query || (fragment >= 0 && placeholder.Index > fragment))
            {
                throw new FeedDefinitionException("url", $"'{placeholder.Value}' may only stand as a query parameter value (?key={placeholder.Value}), or in a header");
            }

            names.Add(SecretName(placeholder, "url"));
        }

        return names;
    }

    private static List<KeyValuePair<string, string>> ValidateHeaders(Dictionary<string, string>? headers, List<string> secrets)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in headers ?? [])
        {
            if (!HeaderName().IsMatch(name) || ReservedHeaders.Contains(name))
            {
                throw new FeedDefinitionException($"headers.{name}", "is not a header a feed may set (letters, digits and '-'; not Host, conditional or transfer headers)");
            }

            if (value is null || value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                throw new FeedDefinitionException($"headers.{name}", "needs a one-line value");
            }

            foreach (Match placeholder in SecretPlaceholder().Matches(value))
            {
                secrets.Add(SecretName(placeholder, $"headers.{name}"));
            }

            result.Add(new(name, value));
        }

        return result;
    }

    private static List<string> ValidateHeaderHosts(List<string>? hosts, int headerCount)
    {
        if (hosts is not { Count: > 0 })
        {
            return [];
        }

        if (headerCount == 0)
        {
            throw new FeedDefinitionException("headerHosts", "names hosts for the feed's headers, but the feed has no 'headers'");
        }

        foreach (var host in hosts)
        {
            if (Uri.CheckHostName(host) != UriHostNameType.Dns)
            {
                throw new FeedDefinitionException("headerHosts", $"'{host}' is not a host name (write www.example.gov, without scheme or path)");
            }
        }

        return hosts.Select(h => h.ToLowerInvariant()).ToList();
    }

    private static string SecretName(Match placeholder, string field) =>
        placeholder.Groups[1].Value is { Length: > 0 } name && SecretNamePattern().IsMatch(name)
            ? name
            : throw new FeedDefinitionException(field, $"'{placeholder.Value}': a secret is written {{secret:NAME}}, NAME of letters, digits and '_'");

    private static JsonListMapping? ValidateJson(FeedDefinitionFile.JsonFile? json, FeedKind kind)
    {
        if (json is null)
        {
            return kind == FeedKind.JsonList ? throw new FeedDefinitionException("json", "a json-list feed needs a 'json' mapping (at least 'items', 'id' and 'title')") : null;
        }

        if (kind != FeedKind.JsonList)
        {
            throw new FeedDefinitionException("json", "only a json-list feed has a 'json' mapping");
        }

        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (name, path) in json.Fields ?? [])
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new FeedDefinitionException("json.fields", "a field needs a name");
            }

            fields.Add(new(name.Trim(), CheckJsonValue(path, $"json.fields.{name}", template: true)!));
        }

        if (json.NextPage is not null && json.Offset is not null)
        {
            throw new FeedDefinitionException("json", "page by 'nextPage' or by 'offset', not both");
        }

        string? offsetParameter = null;
        var pageSize = 0;
        if (json.Offset is { } offset)
        {
            offsetParameter = Require(offset.Parameter, "json.offset.parameter");
            pageSize = offset.PageSize is >= 1 and <= 10_000 ? offset.PageSize.Value : throw new FeedDefinitionException("json.offset.pageSize", "is required: the number of items a full page holds (1 to 10000)");
        }

        var where = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var (path, values) in json.Where ?? [])
        {
            if (values is not { Count: > 0 })
            {
                throw new FeedDefinitionException($"json.where.{path}", "needs a list of the values to keep");
            }

            where.Add(new(CheckJsonValue(path, $"json.where.{path}", template: false)!, values));
        }

        return new JsonListMapping
        {
            Items = CheckJsonValue(Require(json.Items, "json.items"), "json.items", template: false)!,
            Columns = json.Columns ?? false,
            Where = where,
            Id = CheckJsonValue(Require(json.Id, "json.id"), "json.id", template: true)!,
            Title = CheckJsonValue(Require(json.Title, "json.title"), "json.title", template: true)!,
            FallbackTitle = CheckJsonValue(json.FallbackTitle, "json.fallbackTitle", template: true),
            Link = CheckJsonValue(json.Link, "json.link", template: true),
            Published = CheckJsonValue(json.Published, "json.published", template: true),
            Updated = CheckJsonValue(json.Updated, "json.updated", template: true),
            Summary = CheckJsonValue(json.Summary, "json.summary", template: true),
            Type = CheckJsonValue(json.Type, "json.type", template: true),
            Agency = CheckJsonValue(json.Agency, "json.agency", template: true),
            Fields = fields,
            NextPage = CheckJsonValue(json.NextPage, "json.nextPage", template: false),
            OffsetParameter = offsetParameter,
            PageSize = pageSize,
        };
    }

    private static string? CheckJsonValue(string? text, string field, bool template)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            _ = template ? Parsing.JsonValueMap.Parse(text).Text : Parsing.JsonPath.Parse(text).Text;
            return text;
        }
        catch (FormatException ex)
        {
            throw new FeedDefinitionException(field, $"'{text}' is not a valid {(template ? "path or template" : "path")}: {ex.Message}");
        }
    }

    private static EntityListSource? ValidateList(FeedDefinitionFile.ListFile? list, FeedKind kind)
    {
        if (list is null)
        {
            return kind == FeedKind.EntityList ? throw new FeedDefinitionException("list", "an entity-list feed needs a 'list' with its 'id', 'title' and 'format'") : null;
        }

        if (kind != FeedKind.EntityList)
        {
            throw new FeedDefinitionException("list", "only an entity-list feed has a 'list'");
        }

        var id = Require(list.Id, "list.id");
        if (!FeedIdPattern().IsMatch(id))
        {
            throw new FeedDefinitionException("list.id", $"'{id}' must be 2 to 48 lower-case letters, digits or '-'");
        }

        var formatText = Require(list.Format, "list.format");
        if (!EntityListFormatNames.TryParse(formatText, out var format))
        {
            throw new FeedDefinitionException("list.format", $"'{formatText}' is not one of {string.Join(", ", EntityListFormatNames.Names)}");
        }

        return new EntityListSource(id, format) { Title = Require(list.Title, "list.title") };
    }

    private static bool ValidateFullText(bool? fullText, FeedKind kind) =>
        fullText is not true || kind is FeedKind.FederalRegister or FeedKind.FederalRegisterPublicInspection
            ? fullText ?? false
            : throw new FeedDefinitionException("fullText", "only federal-register and federal-register-public-inspection feeds give a document's full text (raw_text_url)");

    private static DetailStep? ValidateDetail(FeedDefinitionFile.DetailFile? detail, FeedKind kind)
    {
        if (detail is null)
        {
            return null;
        }

        if (kind is not (FeedKind.HtmlList or FeedKind.Syndication or FeedKind.JsonList))
        {
            throw new FeedDefinitionException("detail", "only html-list, syndication and json-list feeds have items with pages to follow");
        }

        if (detail.MaxChars is < 100 or > DetailStep.MaxMaxChars)
        {
            throw new FeedDefinitionException("detail.maxChars", $"must be from 100 to {DetailStep.MaxMaxChars}");
        }

        return new DetailStep
        {
            Text = CheckXPath(Require(detail.Text, "detail.text"), "detail.text")!,
            Date = CheckXPath(detail.Date, "detail.date"),
            MaxChars = detail.MaxChars ?? DetailStep.DefaultMaxChars,
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

    // Written as is, or as the URL escaping of the braces leaves it.
    [GeneratedRegex(@"(?:\{|%7B)secret:([^}%]*)(?:\}|%7D)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPlaceholder();

    [GeneratedRegex(@"(?:\{|%7B)[^}%]*(?:\}|%7D)", RegexOptions.IgnoreCase)]
    private static partial Regex AnyPlaceholder();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex SecretNamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")]
    private static partial Regex HeaderName();

    private sealed class FeedDefinitionException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}

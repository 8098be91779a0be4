using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A loopback Federal Register search (<c>/api/v1/documents.json</c>) that answers like the API:
/// <c>conditions[publication_date][gte]</c> / <c>[lte]</c> narrow the documents, newest first,
/// <c>per_page</c> (default 20) a page, <c>next_page_url</c> the next one, and <c>count</c> every
/// document the query matches, though paging stops after <see cref="PagingCap"/> of them. The
/// documents are real ones of the saved answer, renumbered and re-dated by the test.
/// </summary>
public sealed class FakeFederalRegisterSearch : IAsyncDisposable
{
    public const string Path = "/api/v1/documents.json";

    /// <summary>The API pages through this many documents of one query at most.</summary>
    public const int PagingCap = 2000;

    private readonly List<(DateOnly Published, JsonObject Document)> _documents = [];
    private readonly ConcurrentDictionary<DateOnly, int> _failFrom = new();
    private LoopbackServer _host = null!;

    /// <summary>Every search asked for: its date window (null when it had none) and page.</summary>
    public ConcurrentQueue<(DateOnly? From, DateOnly? Through, int Page)> Searches { get; } = new();

    public static async Task<FakeFederalRegisterSearch> StartAsync()
    {
        var server = new FakeFederalRegisterSearch();
        server._host = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    public Uri Url(string query) => new(_host.BaseAddress, Path.TrimStart('/') + "?" + query);

    /// <summary>Adds <paramref name="count"/> documents published on <paramref name="day"/>, numbered from <paramref name="prefix"/>.</summary>
    public void Publish(DateOnly day, int count, string prefix, string? titleWord = null)
    {
        var source = FederalRegisterBodies.RealDocuments;
        lock (_documents)
        {
            for (var i = 0; i < count; i++)
            {
                var document = source[(_documents.Count + i) % source.Count].DeepClone().AsObject();
                document["document_number"] = $"{prefix}-{i:00000}";
                document["publication_date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                document.Remove("citation");
                document.Remove("correction_of");
                document.Remove("raw_text_url");
                if (titleWord is not null)
                {
                    document["title"] = $"{(string?)document["title"]} ({titleWord})";
                }

                _documents.Add((day, document));
            }
        }
    }

    /// <summary>Searches whose window starts on <paramref name="from"/> answer 500 (until <see cref="Recover"/>).</summary>
    public void FailWindowFrom(DateOnly from) => _failFrom[from] = 500;

    public void Recover() => _failFrom.Clear();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.Value != Path)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var query = context.Request.Query;
        var from = Date(query["conditions[publication_date][gte]"]);
        var through = Date(query["conditions[publication_date][lte]"]);
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var p) ? p : 1;
        var perPage = int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var n) ? n : 20;
        Searches.Enqueue((from, through, page));
        if (from is { } start && _failFrom.TryGetValue(start, out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        List<JsonObject> matched;
        lock (_documents)
        {
            matched = [.. _documents
                .Where(d => (from is null || d.Published >= from) && (through is null || d.Published <= through))
                .OrderByDescending(d => d.Published)
                .ThenBy(d => (string?)d.Document["document_number"], StringComparer.Ordinal)
                .Select(d => d.Document)];
        }

        var body = new JsonObject { ["count"] = matched.Count, ["description"] = "Documents selected for a test" };
        var reachable = Math.Min(matched.Count, PagingCap);
        if (matched.Count > 0)
        {
            var results = new JsonArray();
            foreach (var document in matched.Skip((page - 1) * perPage).Take(Math.Max(0, Math.Min(perPage, reachable - ((page - 1) * perPage)))))
            {
                results.Add(document.DeepClone());
            }

            body["total_pages"] = (reachable + perPage - 1) / perPage;
            body["results"] = results;
            if (page * perPage < reachable)
            {
                var others = query.Where(q => q.Key != "page")
                    .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
                body["next_page_url"] = new Uri(_host.BaseAddress, Path.TrimStart('/') + "?" + string.Join('&', others.Append($"page={page + 1}"))).AbsoluteUri;
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Core.Screening.Entities;

/// <summary>
/// One entity's change as the item that carries it through the poll (rules, alerts, history): keyed
/// <c>list:&lt;list&gt;:&lt;id&gt;</c>, titled by <see cref="EntityChangeText.Headline"/>, with the entity's other
/// names, addresses, programs and dates as its summary. Built only from the two versions of the
/// entity, so a change read twice (a poll retried after a crash) is the same item and no new revision.
/// </summary>
public static class EntityChangeItem
{
    public static FeedItem Of(EntityChange change, FeedDefinition feed, string listTitle)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(feed);
        var entity = change.Entity;
        return new FeedItem
        {
            Key = new ItemKey(EntityChangeText.ItemKey(entity)),
            NativeId = entity.Id,
            Feed = feed.Id,
            Title = EntityChangeText.Headline(change, listTitle),
            Summary = Summary(entity),
            DocumentType = change.Kind switch
            {
                EntityChangeKind.Added => "list addition",
                EntityChangeKind.Removed => "list removal",
                _ => "list amendment",
            },
            Agencies = feed.DefaultAgency is { } agency ? [agency] : [],
            Jurisdiction = feed.Jurisdiction,
            Citation = entity.Citation,
            Listing = new ListingDetail
            {
                List = entity.List,
                ListTitle = listTitle,
                Change = change.Kind,
                Names = entity.AllNames,
                Countries = entity.Countries,
                Programs = entity.Programs,
            },
        };
    }

    // "Also known as: A; B. Type: entity. Programs: SDGT. Addresses: ... . Dates: ... . Remarks."
    private static string? Summary(ListedEntity entity)
    {
        var parts = new List<string>();
        Add(parts, "Also known as", entity.Aliases);
        if (entity.Type != EntityType.Unknown)
        {
            parts.Add($"Type: {entity.Type.ToString().ToLowerInvariant()}.");
        }

        Add(parts, "Programs", entity.Programs);
        Add(parts, "Addresses", entity.Addresses);
        Add(parts, "Dates", [.. entity.Dates.Select(d => d.ToString())]);
        if (!string.IsNullOrWhiteSpace(entity.Remarks))
        {
            parts.Add(entity.Remarks.Trim().TrimEnd('.') + ".");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static void Add(List<string> parts, string label, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parts.Add($"{label}: {string.Join("; ", values)}.");
        }
    }
}

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// Discord's embed limits (inclusive, counted after trimming). An embed over them is cut to fit,
/// never refused: the summary first, then the longest fields, so the facts stay.
/// </summary>
internal static class DiscordEmbedLimits
{
    public const int Title = 256;
    public const int Description = 4096;
    public const int Fields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int Footer = 2048;
    public const int Total = 6000;

    /// <summary>Each part cut to its own limit, then the whole to <see cref="Total"/>.</summary>
    public static DiscordWire.Embed Fit(DiscordWire.Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        embed.Title = embed.Title is null ? null : DiscordMarkdown.Cut(embed.Title, Title);
        embed.Description = embed.Description is null ? null : DiscordMarkdown.Cut(embed.Description, Description);
        if (embed.Fields.Count > Fields)
        {
            embed.Fields.RemoveRange(Fields, embed.Fields.Count - Fields);
        }

        foreach (var field in embed.Fields)
        {
            field.Name = DiscordMarkdown.Cut(field.Name, FieldName);
            field.Value = DiscordMarkdown.Cut(field.Value, FieldValue);
        }

        if (embed.Footer is { } footer)
        {
            footer.Text = DiscordMarkdown.Cut(footer.Text, Footer);
        }

        var excess = Length(embed) - Total;
        if (excess > 0 && embed.Description is { } description)
        {
            embed.Description = DiscordMarkdown.Cut(description, Math.Max(1, description.Length - excess - 1));
            excess = Length(embed) - Total;
        }

        while (excess > 0)
        {
            var longest = embed.Fields.MaxBy(f => f.Value.Length)!;
            longest.Value = DiscordMarkdown.Cut(longest.Value, Math.Max(1, longest.Value.Length - excess - 1));
            excess = Length(embed) - Total;
        }

        return embed;
    }

    /// <summary>The characters Discord counts toward <see cref="Total"/>.</summary>
    public static int Length(DiscordWire.Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return (embed.Title?.Trim().Length ?? 0) + (embed.Description?.Trim().Length ?? 0) + (embed.Footer?.Text.Trim().Length ?? 0)
            + embed.Fields.Sum(f => f.Name.Trim().Length + f.Value.Trim().Length);
    }
}

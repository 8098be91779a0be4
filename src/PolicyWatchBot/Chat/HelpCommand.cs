using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat;

/// <summary><c>help [VERB]</c>: every command with one example, one command in detail, or the rule verbs together (<c>help rule</c>).</summary>
internal static class HelpCommand
{
    public const string CommandsGuide = "docs/commands.md";
    public const string RulesGuide = "docs/rules.md";

    public static ChatReply Handle(ChatCommand.Help command)
    {
        if (command.Verb is { } verb)
        {
            if (CommandCatalog.Find(verb) is null && CommandCatalog.Family(verb) is { Count: > 0 } family)
            {
                return Family(verb, family);
            }

            if (CommandCatalog.Find(verb) is not { } entry)
            {
                var closest = ClosestMatch.Find(verb, CommandCatalog.All.Select(e => e.Verb));
                return ChatReply.Invalid(
                    closest is null ? $"There is no command '{verb}'." : $"There is no command '{verb}'; did you mean '{closest}'?",
                    CommandCatalog.Find("help")!.Usage);
            }

            var detail = new List<ReplyLine>
            {
                ReplyLine.Of(new Inline.Code("/policywatch " + entry.Usage), " — ", entry.Summary),
                ReplyLine.Of("Example: ", new Inline.Code("/policywatch " + entry.Example)),
                ReplyLine.Of(entry.ManagersOnly ? "Managers only." : "Anyone in the channel may run it."),
            };
            if (entry.Usage.Contains("EXPRESSION", StringComparison.Ordinal))
            {
                detail.Add(ReplyLine.Of("The rule language, with examples: ", new Inline.Code(RulesGuide), " in PolicyWatchBot's repository."));
            }

            return ChatReply.Ephemeral([.. detail]);
        }

        var lines = new List<ReplyLine>
        {
            ReplyLine.Of(new Inline.Strong("PolicyWatchBot"), ": every command acts on this channel. (M) marks managers-only commands."),
        };
        lines.AddRange(CommandCatalog.All.Select(Bullet));

        lines.Add(ReplyLine.Of("Alerts carry Acknowledge, Mute rule 24h and Mute feed 24h buttons; rule syntax: words, \"phrases\", prefix*, AND/OR/NOT, NEAR/n, field:value."));
        lines.Add(ReplyLine.Of("Every command: ", new Inline.Code(CommandsGuide), "; the whole rule language: ", new Inline.Code(RulesGuide), " (in PolicyWatchBot's repository)."));
        return ChatReply.Ephemeral([.. lines]);
    }

    private static ChatReply Family(string word, IReadOnlyList<CommandEntry> family)
    {
        var lines = new List<ReplyLine>
        {
            ReplyLine.Of(new Inline.Code("/policywatch " + word.ToLowerInvariant()), " takes one of these; (M) marks managers-only commands:"),
        };
        lines.AddRange(family.Select(Bullet));
        if (CommandCatalog.Find(word + "s") is { } list)
        {
            lines.Add(ReplyLine.Of("To see them: ", new Inline.Code("/policywatch " + list.Verb), " — ", list.Summary, "."));
        }

        if (CommandCatalog.Find(word + "list") is { } watchlist)
        {
            lines.Add(ReplyLine.Of("To see them: ", new Inline.Code("/policywatch " + watchlist.Verb), " — ", watchlist.Summary, "."));
        }

        lines.Add(word.Equals("rule", StringComparison.OrdinalIgnoreCase)
            ? ReplyLine.Of("The rule language, with examples: ", new Inline.Code(RulesGuide), " in PolicyWatchBot's repository.")
            : ReplyLine.Of("Every command: ", new Inline.Code(CommandsGuide), " in PolicyWatchBot's repository."));
        return ChatReply.Ephemeral([.. lines]);
    }

    private static ReplyLine Bullet(CommandEntry entry) => ReplyLine.Bullet(
        new Inline.Code(entry.Usage), entry.ManagersOnly ? " (M) — " : " — ", entry.Summary, ". e.g. ", new Inline.Code(entry.Example));
}

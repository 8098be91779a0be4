using System.Globalization;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;
using PolicyWatchBot.Core.Rules;
using PolicyWatchBot.Core.Storage;

namespace PolicyWatchBot.Chat;

/// <summary><c>rule add</c>, <c>rule edit</c>, <c>rule remove</c> and <c>rules</c>.</summary>
internal sealed class RuleCommands(IStore store, RuleBacktest backtest, TimeProvider time)
{
    /// <summary>docs/rules.md: a channel has at most 200 rules.</summary>
    public const int MaxRulesPerChannel = 200;

    private static readonly TimeSpan HitWindow = TimeSpan.FromDays(30);

    public async Task<ChatReply> AddAsync(CommandContext context, ChatCommand.RuleAdd command, CancellationToken cancellationToken)
    {
        if (Check("rule add", command.Name, command.Expression) is { } invalid)
        {
            return invalid;
        }

        var name = RuleName.Normalize(command.Name)!;
        var rules = await store.GetRulesAsync(context.ChannelId, cancellationToken);
        if (rules.FirstOrDefault(r => r.Name == name) is { } existing)
        {
            return ChatReply.Invalid($"This channel already has a rule named {name}: {existing.Expression}. Change it with rule edit {name} EXPRESSION; nothing changed.");
        }

        if (rules.Count >= MaxRulesPerChannel)
        {
            return ChatReply.Invalid($"This channel has {MaxRulesPerChannel} rules, the most a channel may have; remove one first. Nothing changed.");
        }

        var rule = new RuleDefinition(name, command.Expression.Trim()) { Urgent = command.Urgent };
        if (!await store.AddRuleAsync(context.ChannelId, rule, context.Actor, cancellationToken))
        {
            return ChatReply.Invalid($"This channel already has a rule named {name}; nothing changed.");
        }

        return ChatReply.Announcement(WithWarning(rule.Expression, ReplyLine.Of(context.Who, rule.Urgent ? " added urgent rule " : " added rule ", new Inline.Strong(name), ": ", new Inline.Code(rule.Expression))));
    }

    public async Task<ChatReply> UrgentAsync(CommandContext context, ChatCommand.RuleUrgent command, CancellationToken cancellationToken)
    {
        var before = await store.SetRuleUrgentAsync(context.ChannelId, command.Name, command.Urgent, context.Actor, cancellationToken);
        if (before is null)
        {
            return ChatReply.Invalid(await NoSuchRuleAsync(context, command.Name, cancellationToken));
        }

        if (before.Urgent == command.Urgent)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("Rule ", new Inline.Strong(command.Name), command.Urgent ? " is urgent already" : " is not urgent", "; nothing changed."));
        }

        return ChatReply.Announcement(command.Urgent
            ? ReplyLine.Of(context.Who, " made rule ", new Inline.Strong(command.Name), " urgent: its alerts go out at once, marked urgent, even in digest mode.")
            : ReplyLine.Of(context.Who, " made rule ", new Inline.Strong(command.Name), " not urgent."));
    }

    public async Task<ChatReply> NotifyAsync(CommandContext context, ChatCommand.RuleNotify command, CancellationToken cancellationToken)
    {
        Mention? mention = null;
        if (command.Mention is { } typed)
        {
            var (parsed, error) = MentionText.Parse(context.Request.Channel.Platform, typed);
            if (parsed is null)
            {
                return ChatReply.Invalid(ReplyText.Capitalized(error!) + "; nothing changed.", CommandCatalog.Find("rule notify")!.Usage);
            }

            mention = parsed;
        }

        var before = await store.SetRuleNotifyAsync(context.ChannelId, command.Name, mention, context.Actor, cancellationToken);
        if (before is null)
        {
            return ChatReply.Invalid(await NoSuchRuleAsync(context, command.Name, cancellationToken));
        }

        if (before.Notify == mention)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("Rule ", new Inline.Strong(command.Name), mention is null ? " pings nobody already" : " pings them already", "; nothing changed."));
        }

        var lines = new List<ReplyLine>
        {
            mention is null
                ? ReplyLine.Of(context.Who, " stopped rule ", new Inline.Strong(command.Name), " from pinging anyone.")
                : ReplyLine.Of(context.Who, " set rule ", new Inline.Strong(command.Name), " to ping ", new Inline.Code(MentionText.Describe(mention)), " on its urgent alerts."),
        };
        if (mention is not null && !before.Urgent)
        {
            lines.Add(ReplyLine.Of("The rule is not urgent, so it pings nobody until ", new Inline.Code($"rule urgent {command.Name} on"), "."));
        }

        return ChatReply.Announcement([.. lines]);
    }

    public async Task<ChatReply> EditAsync(CommandContext context, ChatCommand.RuleEdit command, CancellationToken cancellationToken)
    {
        if (Check("rule edit", command.Name, command.Expression) is { } invalid)
        {
            return invalid;
        }

        var name = RuleName.Normalize(command.Name)!;
        var rule = new RuleDefinition(name, command.Expression.Trim());
        var before = await store.ReplaceRuleAsync(context.ChannelId, rule, context.Actor, cancellationToken);
        if (before is null)
        {
            return ChatReply.Invalid(await NoSuchRuleAsync(context, name, cancellationToken));
        }

        if (before == rule.Expression)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("Rule ", new Inline.Strong(name), " already reads ", new Inline.Code(before), "; nothing changed."));
        }

        return ChatReply.Announcement(WithWarning(
            rule.Expression,
            ReplyLine.Of(context.Who, " changed rule ", new Inline.Strong(name), ":"),
            ReplyLine.Of("before: ", new Inline.Code(before)),
            ReplyLine.Of("after: ", new Inline.Code(rule.Expression))));
    }

    public async Task<ChatReply> RemoveAsync(CommandContext context, ChatCommand.RuleRemove command, CancellationToken cancellationToken)
    {
        var validated = RuleName.Validate(command.Name);
        if (!validated.IsValid)
        {
            return ChatReply.Invalid(ReplyText.Capitalized(validated.Error) + "; nothing changed.", CommandCatalog.Find("rule remove")!.Usage);
        }

        var removed = await store.RemoveRuleAsync(context.ChannelId, validated.Name, context.Actor, cancellationToken);
        if (removed is null)
        {
            return ChatReply.Invalid(await NoSuchRuleAsync(context, validated.Name, cancellationToken));
        }

        var lines = new List<ReplyLine> { ReplyLine.Of(context.Who, " removed rule ", new Inline.Strong(validated.Name), " (it was ", new Inline.Code(removed), ").") };
        if ((await store.GetRulesAsync(context.ChannelId, cancellationToken)).Count == 0)
        {
            lines.Add(ReplyLine.Of("This channel has no rules left, so every new item of its feeds will be posted."));
        }

        return ChatReply.Announcement([.. lines]);
    }

    public async Task<ChatReply> ListAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var rules = await store.GetRulesAsync(context.ChannelId, cancellationToken);
        if (rules.Count == 0)
        {
            return ChatReply.Ephemeral(ReplyLine.Of("This channel has no rules: every new item of its feeds is posted. Add one with ",
                new Inline.Code("rule add NAME EXPRESSION"), "."));
        }

        var hits = await store.CountRuleHitsAsync(context.ChannelId, time.GetUtcNow() - HitWindow, cancellationToken);
        var muted = (await store.GetActiveMutesAsync(context.ChannelId, cancellationToken))
            .Where(m => m.Target.Scope == Core.Mutes.MuteScope.Rule)
            .ToDictionary(m => m.Target.Name!, m => m.Until, StringComparer.OrdinalIgnoreCase);
        var lines = new List<ReplyLine> { ReplyLine.Of(ReplyText.Count(rules.Count, "rule"), ", with alerts in the last 30 days:") };
        foreach (var rule in rules)
        {
            var mutedText = muted.TryGetValue(rule.Name, out var until) ? $", muted until {ReplyText.When(until)}" : "";
            mutedText += rule.Urgent ? ", urgent" : "";
            mutedText += rule.Notify is { } notify ? $", pings {MentionText.Describe(notify)}" : "";
            lines.Add(ReplyLine.Bullet(
                new Inline.Strong(rule.Name), $" · {ReplyText.Count(hits.GetValueOrDefault(rule.Name), "hit")}{mutedText} · ", new Inline.Code(rule.Expression)));
        }

        return ChatReply.Ephemeral([.. lines]);
    }

    public Task<ChatReply> TestAsync(CommandContext context, ChatCommand.RuleTest command, CancellationToken cancellationToken)
    {
        if (ExpressionError(command.Expression, "Not tested", "rule test") is { } invalid)
        {
            return Task.FromResult(invalid);
        }

        if (command.Days is < 1 or > ChatCommand.RuleTest.MaxDays)
        {
            return Task.FromResult(ChatReply.Invalid(
                $"--days must be between 1 and {ChatCommand.RuleTest.MaxDays.ToString(CultureInfo.InvariantCulture)}; got {command.Days.ToString(CultureInfo.InvariantCulture)}.",
                CommandCatalog.Find("rule test")!.Usage));
        }

        return backtest.RunAsync(context, command, cancellationToken);
    }

    /// <summary><paramref name="lines"/>, then the warning about the (valid) expression if it has one.</summary>
    public static ReplyLine[] WithWarning(string expression, params ReplyLine[] lines) =>
        RuleParser.Parse(expression) is { IsSuccess: true } parsed && RuleWarnings.For(parsed.Expression) is { } warning
            ? [.. lines, ReplyLine.Of("Warning: " + warning + ".")]
            : lines;

    /// <summary>The reply refusing a bad name or expression (with the usage of <paramref name="verb"/>), or null when both are fine.</summary>
    private static ChatReply? Check(string verb, string name, string expression)
    {
        var validated = RuleName.Validate(name);
        if (!validated.IsValid)
        {
            return ChatReply.Invalid(ReplyText.Capitalized(validated.Error) + "; nothing changed.", CommandCatalog.Find(verb)!.Usage);
        }

        return ExpressionError(expression, $"Rule {validated.Name} not saved", verb);
    }

    /// <summary>A bad expression: the parser's column and message, and the expression with a caret under the column.</summary>
    public static ChatReply? ExpressionError(string expression, string what, string verb)
    {
        var text = expression.Trim();
        if (text.Length == 0)
        {
            return ChatReply.Invalid($"{what}: the expression is empty.", CommandCatalog.Find(verb)!.Usage);
        }

        var parsed = RuleParser.Parse(text);
        if (parsed.IsSuccess)
        {
            return null;
        }

        var caret = new string(' ', Math.Clamp(parsed.Error.Column - 1, 0, text.Length)) + "^";
        return new ChatReply(ReplyVisibility.Ephemeral, ReplyOutcome.Invalid,
        [
            ReplyLine.Of($"{what}: {parsed.Error.Text}."),
            ReplyLine.Of(new Inline.Code(text)),
            ReplyLine.Of(new Inline.Code(caret)),
        ]);
    }

    private async Task<string> NoSuchRuleAsync(CommandContext context, string name, CancellationToken cancellationToken)
    {
        var names = (await store.GetRulesAsync(context.ChannelId, cancellationToken)).Select(r => r.Name).ToList();
        if (names.Count == 0)
        {
            return $"This channel has no rule named {name} (it has no rules); nothing changed.";
        }

        var closest = ClosestMatch.Find(name, names);
        return closest is null
            ? $"This channel has no rule named {name}; its rules are {ReplyText.List(names)}. Nothing changed."
            : $"This channel has no rule named {name}; did you mean {closest}? Nothing changed.";
    }
}

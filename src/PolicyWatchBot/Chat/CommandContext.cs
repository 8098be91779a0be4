using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Commands;
using PolicyWatchBot.Core.Replies;

namespace PolicyWatchBot.Chat;

/// <summary>A command being handled: the request, and the stored channel it acts on.</summary>
internal sealed record CommandContext(ChatRequest Request, long ChannelId)
{
    public Actor Actor => Request.Caller.Actor;

    /// <summary>The caller as announcements name them ("@alice added rule ...").</summary>
    public Inline.User Who => new(Actor.UserId, Actor.UserName);
}

using PolicyWatchBot.Core.Alerts;

namespace PolicyWatchBot.Delivery;

/// <summary>
/// A post its platform's renderer cannot turn into a message (a stored post damaged or of a shape
/// the renderer does not know). Trying again renders the same way, so the dispatcher fails the post
/// alone, with the reason, and the channel's other posts go on.
/// </summary>
internal sealed class UnrenderablePostException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Runs <paramref name="render"/> on <paramref name="post"/>; whatever it throws becomes an <see cref="UnrenderablePostException"/>.</summary>
    public static T Render<T>(ChannelPost post, Func<ChannelPost, T> render)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(render);
        try
        {
            return render(post);
        }
        catch (Exception exception) when (exception is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new UnrenderablePostException($"{post.PostId} cannot be rendered: {exception.GetType().Name}: {exception.Message}", exception);
        }
    }
}

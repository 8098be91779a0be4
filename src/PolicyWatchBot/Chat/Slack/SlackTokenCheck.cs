using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// At worker start, asks Slack who the bot token belongs to (<c>auth.test</c>), so a bad token is an
/// Error line at start rather than a surprise at the first alert.
/// </summary>
internal sealed class SlackTokenCheck(ISlackApi api, IOptions<SlackOptions> options, ILogger<SlackTokenCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            return;
        }

        switch (await api.TestAuthAsync(stoppingToken))
        {
            case SlackResult<AuthTestResponse>.Ok ok:
                logger.TokenWorks(ok.Value.UserId, ok.Value.Team, ok.Value.TeamId);
                break;
            case SlackResult<AuthTestResponse>.Refused refused:
                logger.TokenRefused("auth.test", refused.Error);
                break;
            case SlackResult<AuthTestResponse>.RateLimited:
                logger.TokenCheckFailed("auth.test was rate limited");
                break;
            case SlackResult<AuthTestResponse>.Unavailable unavailable:
                logger.TokenCheckFailed(unavailable.Reason);
                break;
        }
    }
}

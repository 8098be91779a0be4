using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// Rules across keys, every problem at once. Messages name the key and never a secret's value.
/// </summary>
internal sealed class SlackCredentialsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var problems = new List<string>();
        var hasSecret = !string.IsNullOrWhiteSpace(options.SigningSecret);
        var hasAppToken = !string.IsNullOrWhiteSpace(options.AppToken);
        if (options.IsConfigured)
        {
            if (!options.BotToken!.StartsWith("xoxb-", StringComparison.Ordinal))
            {
                problems.Add("PolicyWatch:Slack:BotToken does not start with 'xoxb-'; use the Bot User OAuth Token of the installed app");
            }

            if (!hasSecret && !hasAppToken)
            {
                problems.Add("PolicyWatch:Slack:BotToken is set but neither PolicyWatch:Slack:SigningSecret (HTTP mode) nor PolicyWatch:Slack:AppToken (Socket Mode) is; the /policywatch command could not reach the bot");
            }
        }
        else if (hasSecret || hasAppToken)
        {
            problems.Add("PolicyWatch:Slack:SigningSecret or AppToken is set but PolicyWatch:Slack:BotToken is empty; set the bot token, or clear them all to turn Slack off");
        }

        if (hasAppToken && !options.AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
        {
            problems.Add("PolicyWatch:Slack:AppToken does not start with 'xapp-'; create an app-level token with the connections:write scope");
        }

        if (!options.ApiBaseUrl.IsAbsoluteUri || options.ApiBaseUrl.Scheme is not ("https" or "http"))
        {
            problems.Add($"PolicyWatch:Slack:ApiBaseUrl is '{options.ApiBaseUrl}'; expected an absolute http(s) URL such as https://slack.com/api/");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

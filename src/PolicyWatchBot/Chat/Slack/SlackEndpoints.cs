using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using PolicyWatchBot.Core;

namespace PolicyWatchBot.Chat.Slack;

/// <summary>
/// <c>POST /slack/commands</c> (the slash command, form-encoded) and <c>POST /slack/interactions</c>
/// (button presses: one form field <c>payload</c> holding JSON). Each request's signature is
/// checked on the raw body before anything in it is read.
/// </summary>
internal static class SlackEndpoints
{
    public const string CommandsPath = "/slack/commands";
    public const string InteractionsPath = "/slack/interactions";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(CommandsPath, CommandsAsync);
        endpoints.MapPost(InteractionsPath, InteractionsAsync);
    }

    internal static async Task<Results<Ok, JsonHttpResult<ResponseMessage>, UnauthorizedHttpResult>> CommandsAsync(
        HttpRequest request, SlackRequestVerifier verifier, SlackInteractions interactions, CancellationToken cancellationToken)
    {
        if (await verifier.ReadVerifiedAsync(request, cancellationToken) is not { } body)
        {
            return TypedResults.Unauthorized();
        }

        var form = Form(body);
        if (Field(form, "ssl_check") == "1")
        {
            return TypedResults.Ok();
        }

        var command = new SlashCommandPayload
        {
            Command = Field(form, "command"),
            Text = Field(form, "text"),
            TeamId = Field(form, "team_id"),
            ChannelId = Field(form, "channel_id"),
            ChannelName = Field(form, "channel_name"),
            UserId = Field(form, "user_id"),
            UserName = Field(form, "user_name"),
            ApiAppId = Field(form, "api_app_id"),
            ResponseUrl = Field(form, "response_url"),
        };
        if (!verifier.IsForThisApp(request, command.ApiAppId))
        {
            return TypedResults.Unauthorized();
        }

        var answer = await interactions.HandleCommandAsync(command, cancellationToken);
        return answer is null ? TypedResults.Ok() : TypedResults.Json(answer, SlackJsonContext.Default.ResponseMessage);
    }

    internal static async Task<Results<Ok, BadRequest, UnauthorizedHttpResult>> InteractionsAsync(
        HttpRequest request, SlackRequestVerifier verifier, SlackInteractions interactions, ILogger<SlackInteractions> logger, CancellationToken cancellationToken)
    {
        if (await verifier.ReadVerifiedAsync(request, cancellationToken) is not { } body)
        {
            return TypedResults.Unauthorized();
        }

        InteractionPayload? payload;
        try
        {
            payload = Field(Form(body), "payload") is { } json
                ? JsonSerializer.Deserialize(WellFormedJson.Of(Encoding.UTF8.GetBytes(json)).Span, SlackJsonContext.Default.InteractionPayload)
                : null;
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null)
        {
            return TypedResults.BadRequest();
        }

        if (!verifier.IsForThisApp(request, payload.ApiAppId))
        {
            return TypedResults.Unauthorized();
        }

        try
        {
            interactions.HandleInteraction(payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The boundary: Slack shows nothing of this answer, and a 500 would only make it retry.
            logger.InteractionFailed(payload.Type, ex);
        }

        return TypedResults.Ok();
    }

    private static Dictionary<string, StringValues> Form(byte[] body) => QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));

    private static string? Field(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) ? value.ToString() : null;
}

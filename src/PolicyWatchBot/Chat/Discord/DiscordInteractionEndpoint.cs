using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyWatchBot.Core;

namespace PolicyWatchBot.Chat.Discord;

/// <summary>
/// <c>POST /discord/interactions</c>: every request's Ed25519 signature is checked over the raw
/// body before anything is parsed (401 otherwise, and for stale timestamps); PING answers PONG;
/// commands, buttons and autocomplete go to <see cref="DiscordInteractionHandler"/>.
/// </summary>
internal static class DiscordInteractionEndpoint
{
    public const string Path = "/discord/interactions";

    /// <summary>Interactions are small; anything bigger is not Discord's.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static async Task<Results<JsonHttpResult<DiscordWire.MessageResponse>, JsonHttpResult<DiscordWire.AutocompleteResponse>, UnauthorizedHttpResult, BadRequest<string>, NotFound<string>>> HandleAsync(
        HttpContext context,
        IOptions<DiscordOptions> options,
        IServiceProvider services,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(DiscordInteractionEndpoint).FullName!);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return TypedResults.NotFound("Discord is not configured on this instance (PolicyWatch:Discord:BotToken is empty)");
        }

        var body = await RawRequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        var timestamp = context.Request.Headers[DiscordSignatureVerifier.TimestampHeader].ToString();
        var signature = context.Request.Headers[DiscordSignatureVerifier.SignatureHeader].ToString();
        if (body is null || !services.GetRequiredService<DiscordSignatureVerifier>().Verify(timestamp, signature, body))
        {
            logger.InteractionRefused(body is null ? "body too large" : "bad or missing signature");
            return TypedResults.Unauthorized();
        }

        if (DiscordSignatureVerifier.ParseTimestamp(timestamp) is not { } signedAt || (time.GetUtcNow() - signedAt).Duration() > settings.MaxClockSkew)
        {
            logger.InteractionRefused("stale timestamp");
            return TypedResults.Unauthorized();
        }

        DiscordInteractionWire.Interaction? interaction;
        try
        {
            // Signed does not mean well-formed: a lone-surrogate escape must not refuse the whole interaction.
            interaction = JsonSerializer.Deserialize(WellFormedJson.Of(body).Span, DiscordJsonContext.Default.Interaction);
        }
        catch (JsonException)
        {
            interaction = null;
        }

        if (interaction is null)
        {
            return TypedResults.BadRequest("not an interaction");
        }

        logger.InteractionReceived(interaction.Id, interaction.Type, $"{interaction.GuildId}/{interaction.ChannelId}");
        try
        {
            return await AnswerAsync(context, services, interaction);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // The boundary: whatever the payload's shape, the member gets a polite answer, never a 500.
            logger.InteractionFailed(interaction.Id, interaction.Type, ex);
            return interaction.Type == DiscordInteractionWire.Autocomplete
                ? TypedResults.Json(new DiscordWire.AutocompleteResponse { Data = new DiscordWire.AutocompleteChoices { Choices = [] } }, DiscordJsonContext.Default.AutocompleteResponse)
                : TypedResults.Json(DiscordInteractionHandler.NotUnderstoodAnswer, DiscordJsonContext.Default.MessageResponse);
        }
    }

    private static async Task<Results<JsonHttpResult<DiscordWire.MessageResponse>, JsonHttpResult<DiscordWire.AutocompleteResponse>, UnauthorizedHttpResult, BadRequest<string>, NotFound<string>>> AnswerAsync(
        HttpContext context, IServiceProvider services, DiscordInteractionWire.Interaction interaction)
    {
        var handler = services.GetRequiredService<DiscordInteractionHandler>();
        switch (interaction.Type)
        {
            case DiscordInteractionWire.Ping:
                return TypedResults.Json(new DiscordWire.MessageResponse { Type = DiscordInteractionWire.Ping }, DiscordJsonContext.Default.MessageResponse);
            case DiscordInteractionWire.ApplicationCommand or DiscordInteractionWire.MessageComponent:
                var (answer, then) = await handler.HandleAsync(interaction, context.RequestAborted);
                if (then is not null)
                {
                    // Follow-ups and edits of the answer only work once Discord has the answer.
                    var followUps = services.GetRequiredService<DiscordFollowUps>();
                    context.Response.OnCompleted(() =>
                    {
                        followUps.Start(interaction.Id, then);
                        return Task.CompletedTask;
                    });
                }

                return TypedResults.Json(answer, DiscordJsonContext.Default.MessageResponse);
            case DiscordInteractionWire.Autocomplete:
                return TypedResults.Json(await handler.SuggestAsync(interaction, context.RequestAborted), DiscordJsonContext.Default.AutocompleteResponse);
            default:
                return TypedResults.BadRequest($"interaction type {interaction.Type} is not handled");
        }
    }
}

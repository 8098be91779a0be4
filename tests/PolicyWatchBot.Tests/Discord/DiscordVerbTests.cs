using System.Text.Json;
using PolicyWatchBot.Chat.Discord;
using PolicyWatchBot.Cli;
using PolicyWatchBot.Tests.Infrastructure;

namespace PolicyWatchBot.Tests.Discord;

/// <summary><c>discord register-commands</c> as an operator runs it, against a fake Discord.</summary>
public sealed class DiscordVerbTests : IAsyncLifetime, IDisposable
{
    private readonly TempSqliteDatabase _folder = new();
    private readonly DiscordSigner _signer = new();
    private FakeDiscordServer _discord = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscordServer.StartAsync();
        File.WriteAllText(Path.Combine(_folder.Folder, "appsettings.json"), """{ "Logging": { "LogLevel": { "Default": "Warning" } } }""");
    }

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    public void Dispose()
    {
        _signer.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task RegisterCommands_Guild_OneValidCommandPutToThatGuild()
    {
        var (exit, output, _) = await RunAsync(["register-commands", "--guild", "987654321098765432", .. _discord.Settings(_signer.PublicKeyHex)]);

        Assert.Equal(0, exit);
        Assert.Contains("Registered /policywatch in server 987654321098765432", output, StringComparison.Ordinal);
        var put = Assert.Single(_discord.CallsTo("PUT", $"/applications/{FakeDiscordServer.ApplicationId}/guilds/987654321098765432/commands"));
        var commands = JsonSerializer.Deserialize(put.Body, DiscordJsonContext.Default.ListCommand)!;
        var command = Assert.Single(commands);
        Assert.Equal("policywatch", command.Name);
        Assert.Empty(DiscordCommandValidator.Problems(command));
        Assert.InRange(command.Options.Count, 1, DiscordCommandValidator.MaxOptions);
        Assert.All(command.Options.Where(o => o.Options is not null).SelectMany(o => o.Options!), o => Assert.True(o.Options is null || o.Options.Count <= 25));
        Assert.Contains(command.Options, o => o is { Name: "rule", Type: DiscordCommandWire.SubCommandGroup });
        Assert.Null(command.Contexts);
    }

    [Fact]
    public async Task RegisterCommands_Global_GuildOnlyCommandWithoutDefaultPermissions()
    {
        var (exit, _, _) = await RunAsync(["register-commands", .. _discord.Settings(_signer.PublicKeyHex)]);

        Assert.Equal(0, exit);
        var put = Assert.Single(_discord.CallsTo("PUT", $"/applications/{FakeDiscordServer.ApplicationId}/commands"));
        Assert.Contains("\"contexts\":[0]", put.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("default_member_permissions", put.Body, StringComparison.Ordinal);
        Assert.Equal("Bot " + FakeDiscordServer.Token, put.Authorization);
    }

    [Fact]
    public async Task RegisterCommands_TokenRefused_Exit1WithDiscordsAnswer()
    {
        var (exit, _, error) = await RunAsync(["register-commands", .. _discord.Settings(_signer.PublicKeyHex), "--PolicyWatch:Discord:BotToken=revoked"]);

        Assert.Equal(1, exit);
        Assert.Contains("401", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterCommands_DiscordNotConfigured_Exit2AndNothingCalled()
    {
        var (exit, _, error) = await RunAsync(["register-commands"]);

        Assert.Equal(2, exit);
        Assert.Contains("Discord is not configured", error, StringComparison.Ordinal);
        Assert.Empty(_discord.Calls);
    }

    [Theory]
    [InlineData("register-commands", "--guild")]
    [InlineData("register-commands", "--guild", "general")]
    [InlineData("unregister")]
    public async Task Discord_BadUsage_Exit2WithTheUsage(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("usage: policywatch discord register-commands", error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DiscordVerb.RunAsync(args, output, error, _folder.Folder);
        return (exit, output.ToString(), error.ToString());
    }
}

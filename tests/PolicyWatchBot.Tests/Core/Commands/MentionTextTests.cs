using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Commands;

namespace PolicyWatchBot.Tests.Core.Commands;

public sealed class MentionTextTests
{
    [Theory]
    [InlineData("slack", "<!subteam^S0123ABC|@legal>", MentionKind.Group, "S0123ABC")]
    [InlineData("slack", "<!subteam^S0123ABC>", MentionKind.Group, "S0123ABC")]
    [InlineData("slack", "S0123ABC", MentionKind.Group, "S0123ABC")]
    [InlineData("slack", "<@U0456DEF|ada>", MentionKind.User, "U0456DEF")]
    [InlineData("slack", "W0456DEF", MentionKind.User, "W0456DEF")]
    [InlineData("discord", "<@&123456789012345678>", MentionKind.Group, "123456789012345678")]
    [InlineData("discord", "<@!123456789012345678>", MentionKind.User, "123456789012345678")]
    [InlineData("discord", "<@123456789012345678>", MentionKind.User, "123456789012345678")]
    [InlineData("console", "@legal", MentionKind.User, "legal")]
    public void Parse_APlatformsOwnMention_ItsKindAndId(string platform, string typed, MentionKind kind, string id)
    {
        Assert.Equal((new Mention(kind, id), (string?)null), MentionText.Parse(platform, typed));
    }

    [Theory]
    [InlineData("slack", "@here")]
    [InlineData("slack", "<!channel>")]
    [InlineData("discord", "@everyone")]
    [InlineData("console", "@here")]
    public void Parse_ChannelWidePing_Refused(string platform, string typed)
    {
        var (mention, error) = MentionText.Parse(platform, typed);

        Assert.Null(mention);
        Assert.Contains("would ping the whole channel", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slack", "@legal")]
    [InlineData("slack", "<@U1|x> <@U2|y>")]
    [InlineData("slack", "<!subteam^S1>")]
    [InlineData("discord", "@legal")]
    [InlineData("discord", "<@&12>")]
    [InlineData("discord", "<@U0456DEF>")]
    public void Parse_NotAnIdOfThatPlatform_RefusedWithWhatToGive(string platform, string typed)
    {
        var (mention, error) = MentionText.Parse(platform, typed);

        Assert.Null(mention);
        Assert.Contains(platform == "slack" ? "not a Slack user group or user" : "not a Discord role or user", error, StringComparison.Ordinal);
    }
}

using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Alerts;

/// <summary>Alerts show RINs as RINs, and a rule's significance and a presidential document's signing date.</summary>
public sealed class AlertRinTests
{
    private static readonly FeedDefinition Feed = new()
    {
        Id = new FeedId("fr-bis"),
        Title = "Federal Register: BIS",
        Kind = FeedKind.FederalRegister,
        Url = new Uri("https://www.federalregister.gov/api/v1/documents.json"),
        Schedule = new FeedSchedule { Interval = TimeSpan.FromHours(1) },
        Jurisdiction = "us",
    };

    private static AlertMessage Compose(FeedItem item) => AlertComposer.Compose("PW-TEST", Feed, item, RevisionKind.New, [], [], null);

    private static FeedItem Rule(bool significant) => new()
    {
        Key = ItemKey.FederalRegister("2024-00273"),
        NativeId = "2024-00273",
        Feed = Feed.Id,
        Title = "Additions to the Entity List",
        DocumentType = "Rule",
        Dockets = ["Docket No. 240104-0001", "0694-AJ35"],
        FederalRegister = new FederalRegisterDetail { Significant = significant, SigningDate = new DateOnly(2024, 1, 8) },
    };

    [Fact]
    public void Compose_DocketsAndRin_SplitsThem()
    {
        var alert = Compose(Rule(significant: false));

        Assert.Equal(["Docket No. 240104-0001"], alert.Dockets);
        Assert.Equal(["0694-AJ35"], alert.Rins);
    }

    [Fact]
    public void Facts_RinAndDocket_ShownUnderTheirOwnNames()
    {
        var facts = AlertText.Facts(Compose(Rule(significant: false)));

        Assert.Contains("docket Docket No. 240104-0001", facts);
        Assert.Contains("RIN 0694-AJ35", facts);
        Assert.DoesNotContain(facts, f => f.StartsWith("docket", StringComparison.Ordinal) && f.Contains("0694-AJ35", StringComparison.Ordinal));
    }

    [Fact]
    public void Facts_SignificantRule_SaysSoBesideTheType()
    {
        Assert.Equal("Rule (significant)", AlertText.Facts(Compose(Rule(significant: true)))[0]);
        Assert.Equal("Rule", AlertText.Facts(Compose(Rule(significant: false)))[0]);
    }

    [Fact]
    public void Facts_SigningDate_Shown()
    {
        Assert.Contains("signed 2024-01-08", AlertText.Facts(Compose(Rule(significant: false))));
    }
}

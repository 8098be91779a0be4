using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Items;

/// <summary>Agencies, dockets, RINs, action, significance, corrections and the other Federal Register fields make revisions.</summary>
public sealed class ItemDifferRevisionFieldsTests
{
    private static readonly FeedItem Published = new()
    {
        Key = ItemKey.FederalRegister("2024-00273"),
        NativeId = "2024-00273",
        Feed = new FeedId("fr-bis"),
        Title = "Additions to the Entity List",
        Summary = "BIS adds entities.",
        Action = "Final rule.",
        DocumentType = "Rule",
        Agencies = ["Industry and Security Bureau", "Bureau of Industry and Security"],
        AgencyLabels = ["Bureau of Industry and Security"],
        PublishedOn = new DateOnly(2024, 1, 10),
        Dockets = ["Docket No. 240104-0001", "0694-AJ35"],
        FederalRegister = new FederalRegisterDetail
        {
            Significant = false,
            Topics = ["Exports"],
            Dates = "Effective January 10, 2024.",
        },
    };

    private static FieldChange Single(FeedItem current)
    {
        var diff = ItemDiffer.Compare(Published, current);
        Assert.Equal(RevisionKind.Changed, diff.Kind);
        return Assert.Single(diff.Changes);
    }

    [Fact]
    public void Compare_AgencyAdded_IsARevision()
    {
        var change = Single(Published with { AgencyLabels = ["Bureau of Industry and Security", "State Department"] });

        Assert.Equal(new FieldChange("agencies", "Bureau of Industry and Security", "Bureau of Industry and Security, State Department"), change);
    }

    [Fact]
    public void Compare_AgenciesReordered_IsNoRevision()
    {
        var before = Published with { AgencyLabels = ["Commerce Department", "Bureau of Industry and Security"] };

        Assert.False(ItemDiffer.Compare(before, before with { AgencyLabels = ["Bureau of Industry and Security", "Commerce Department"] }).IsRevision);
    }

    [Fact]
    public void Compare_FeedDefaultAgencyEdited_IsNoRevision()
    {
        var atom = Published with { AgencyLabels = [], Agencies = ["Export Control Joint Unit"], FederalRegister = null };

        Assert.False(ItemDiffer.Compare(atom, atom with { Agencies = ["ECJU"] }).IsRevision);
    }

    [Fact]
    public void Compare_DocketAdded_IsADocketChangeNotARinChange()
    {
        var change = Single(Published with { Dockets = ["Docket No. 240104-0001", "BIS-2024-0007", "0694-AJ35"] });

        Assert.Equal(new FieldChange("dockets", "Docket No. 240104-0001", "BIS-2024-0007, Docket No. 240104-0001"), change);
    }

    [Fact]
    public void Compare_RinReplaced_IsARinChange()
    {
        var change = Single(Published with { Dockets = ["Docket No. 240104-0001", "0694-AJ40"] });

        Assert.Equal(new FieldChange("RINs", "0694-AJ35", "0694-AJ40"), change);
    }

    [Fact]
    public void Compare_ActionChanged_IsARevision()
    {
        Assert.Equal(new FieldChange("action", "Final rule.", "Final rule; correction."), Single(Published with { Action = "Final rule; correction." }));
    }

    [Fact]
    public void Compare_BecameSignificant_IsARevision()
    {
        var change = Single(Published with { FederalRegister = Published.FederalRegister! with { Significant = true } });

        Assert.Equal(new FieldChange("significant", "no", "yes"), change);
    }

    [Fact]
    public void Compare_CorrectionListed_IsARevision()
    {
        var change = Single(Published with { FederalRegister = Published.FederalRegister! with { Corrections = ["C1-2024-00273"] } });

        Assert.Equal(new FieldChange("corrections", null, "C1-2024-00273"), change);
    }

    [Theory]
    [InlineData("dates")]
    [InlineData("topics")]
    [InlineData("subtype")]
    [InlineData("executive order")]
    [InlineData("signing date")]
    public void Compare_OtherFederalRegisterField_IsARevision(string field)
    {
        var detail = Published.FederalRegister!;
        var changed = field switch
        {
            "dates" => detail with { Dates = "Effective February 9, 2024." },
            "topics" => detail with { Topics = ["Exports", "Terrorism"] },
            "subtype" => detail with { Subtype = "Executive Order" },
            "executive order" => detail with { ExecutiveOrderNumber = "14117" },
            _ => detail with { SigningDate = new DateOnly(2024, 2, 28) },
        };

        Assert.Equal(field, Single(Published with { FederalRegister = changed }).Field);
    }

    [Fact]
    public void Compare_RevisionStoredBeforeDetailWasRead_IsNoRevision()
    {
        var stored = Published with { FederalRegister = null };
        var current = Published with { FederalRegister = Published.FederalRegister! with { Significant = true, Corrections = ["C1-2024-00273"] } };

        Assert.False(ItemDiffer.Compare(stored, current).IsRevision);
    }

    [Fact]
    public void Compare_PublicInspectionThenPublished_ListsOnlyTheStageAndCommonFields()
    {
        var filed = Published with
        {
            Stage = ItemStage.PublicInspection,
            Action = null,
            Summary = null,
            Dockets = ["Docket No. 240104-0001"],
            AgencyLabels = ["Industry and Security Bureau"],
            FederalRegister = null,
        };

        var diff = ItemDiffer.Compare(filed, Published);

        Assert.Equal(RevisionKind.Published, diff.Kind);
        Assert.Equal(["stage"], diff.Changes.Select(c => c.Field));
    }
}

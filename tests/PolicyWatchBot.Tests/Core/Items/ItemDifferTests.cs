using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Items;

public sealed class ItemDifferTests
{
    private static FeedItem Item(
        string title = "Additions to the Entity List",
        string? summary = "BIS adds entities to the Entity List.",
        ItemStage stage = ItemStage.Published,
        string feed = "fr-bis",
        Uri? link = null,
        string? correctionOf = null,
        DateOnly? effective = null,
        DateOnly? commentsClose = null,
        string[]? cfr = null) => new()
        {
            Key = ItemKey.FederalRegister("2024-00273"),
            NativeId = "2024-00273",
            Feed = new FeedId(feed),
            Title = title,
            Summary = summary,
            Link = link ?? new Uri("https://www.federalregister.gov/d/2024-00273"),
            DocumentType = "Rule",
            PublishedOn = new DateOnly(2024, 1, 10),
            EffectiveOn = effective ?? new DateOnly(2024, 1, 10),
            CommentsCloseOn = commentsClose,
            CfrReferences = cfr ?? ["15 CFR 744"],
            Stage = stage,
            CorrectionOf = correctionOf,
        };

    [Fact]
    public void Compare_NoPrevious_ReturnsNew()
    {
        var diff = ItemDiffer.Compare(null, Item());

        Assert.Equal(RevisionKind.New, diff.Kind);
        Assert.Empty(diff.Changes);
    }

    [Fact]
    public void Compare_NoPreviousWithCorrectionOf_ReturnsCorrected()
    {
        var diff = ItemDiffer.Compare(null, Item(correctionOf: "2023-28170"));

        Assert.Equal(RevisionKind.Corrected, diff.Kind);
    }

    [Fact]
    public void Compare_SameContent_ReturnsUnchanged()
    {
        var diff = ItemDiffer.Compare(Item(), Item());

        Assert.Equal(RevisionKind.Unchanged, diff.Kind);
        Assert.False(diff.IsRevision);
    }

    [Fact]
    public void Compare_WhitespaceOnlyDifferences_ReturnsUnchanged()
    {
        var previous = Item(title: "Additions to the Entity List", summary: "BIS adds entities to the Entity List.");
        var current = Item(title: "  Additions  to the\nEntity   List ", summary: "BIS adds entities\r\n\tto the Entity List. ");

        Assert.Equal(RevisionKind.Unchanged, ItemDiffer.Compare(previous, current).Kind);
    }

    [Fact]
    public void Compare_DifferentLink_ReturnsUnchanged()
    {
        var current = Item(link: new Uri("https://www.federalregister.gov/documents/2024/01/10/2024-00273/additions?utm=x"));

        Assert.Equal(RevisionKind.Unchanged, ItemDiffer.Compare(Item(), current).Kind);
    }

    [Fact]
    public void Compare_DifferentFeed_ReturnsUnchanged()
    {
        Assert.Equal(RevisionKind.Unchanged, ItemDiffer.Compare(Item(feed: "fr-bis"), Item(feed: "fr-ofac")).Kind);
    }

    [Fact]
    public void Compare_CfrListedInAnotherOrder_ReturnsUnchanged()
    {
        var previous = Item(cfr: ["15 CFR 744", "15 CFR 734"]);
        var current = Item(cfr: ["15 CFR 734", "15 CFR 744"]);

        Assert.Equal(RevisionKind.Unchanged, ItemDiffer.Compare(previous, current).Kind);
    }

    [Fact]
    public void Compare_TitleChanged_ReturnsChangedWithOldAndNewTitle()
    {
        var diff = ItemDiffer.Compare(Item(title: "Old title"), Item(title: "New title"));

        Assert.Equal(RevisionKind.Changed, diff.Kind);
        Assert.Equal(new[] { new FieldChange("title", "Old title", "New title") }, diff.Changes);
    }

    [Fact]
    public void Compare_EffectiveDateDelayed_ReturnsChangedWithDates()
    {
        var diff = ItemDiffer.Compare(Item(effective: new DateOnly(2024, 3, 1)), Item(effective: new DateOnly(2024, 4, 15)));

        Assert.Equal(RevisionKind.Changed, diff.Kind);
        Assert.Equal(new[] { new FieldChange("effective date", "2024-03-01", "2024-04-15") }, diff.Changes);
    }

    [Fact]
    public void Compare_CommentPeriodExtended_ReturnsChangedWithDates()
    {
        var diff = ItemDiffer.Compare(Item(commentsClose: new DateOnly(2024, 2, 9)), Item(commentsClose: new DateOnly(2024, 3, 11)));

        Assert.Equal(RevisionKind.Changed, diff.Kind);
        Assert.Equal(new[] { new FieldChange("comments close", "2024-02-09", "2024-03-11") }, diff.Changes);
    }

    [Fact]
    public void Compare_CommentsCloseAdded_ReportsNoneAsOldValue()
    {
        var diff = ItemDiffer.Compare(Item(commentsClose: null), Item(commentsClose: new DateOnly(2024, 3, 11)));

        Assert.Equal(new[] { new FieldChange("comments close", null, "2024-03-11") }, diff.Changes);
    }

    [Fact]
    public void Compare_CfrChanged_ReturnsChangedWithSortedLists()
    {
        var diff = ItemDiffer.Compare(Item(cfr: ["15 CFR 744"]), Item(cfr: ["15 CFR 744", "15 CFR 734"]));

        Assert.Equal(RevisionKind.Changed, diff.Kind);
        Assert.Equal(new[] { new FieldChange("CFR", "15 CFR 744", "15 CFR 734, 15 CFR 744") }, diff.Changes);
    }

    [Fact]
    public void Compare_SummaryChanged_ReturnsChangedWithSummaries()
    {
        var diff = ItemDiffer.Compare(Item(summary: "First text."), Item(summary: "Second text."));

        Assert.Equal(RevisionKind.Changed, diff.Kind);
        Assert.Equal(new[] { new FieldChange("summary", "First text.", "Second text.") }, diff.Changes);
    }

    [Fact]
    public void Compare_TwoFieldsChanged_NamesBoth()
    {
        var diff = ItemDiffer.Compare(
            Item(title: "Old", effective: new DateOnly(2024, 3, 1)),
            Item(title: "New", effective: new DateOnly(2024, 4, 1)));

        Assert.Equal(new[] { "title", "effective date" }, diff.Changes.Select(c => c.Field));
    }

    [Fact]
    public void Compare_PublicInspectionToPublished_ReturnsPublishedWithStageChange()
    {
        var diff = ItemDiffer.Compare(Item(stage: ItemStage.PublicInspection), Item(stage: ItemStage.Published));

        Assert.Equal(RevisionKind.Published, diff.Kind);
        Assert.Equal(new FieldChange("stage", "public inspection", "published"), diff.Changes[0]);
    }

    [Fact]
    public void Compare_PublicInspectionToPublishedWithNewSummary_DoesNotReportSummary()
    {
        var diff = ItemDiffer.Compare(
            Item(stage: ItemStage.PublicInspection, summary: null),
            Item(stage: ItemStage.Published, summary: "The published abstract."));

        Assert.DoesNotContain(diff.Changes, c => c.Field == "summary");
    }

    [Fact]
    public void Compare_PublishedToPublicInspection_ReturnsUnchanged()
    {
        var diff = ItemDiffer.Compare(Item(stage: ItemStage.Published), Item(stage: ItemStage.PublicInspection, title: "Other title"));

        Assert.Equal(RevisionKind.Unchanged, diff.Kind);
    }

    [Theory]
    [InlineData(ItemStage.PublicInspection)]
    [InlineData(ItemStage.Published)]
    public void Compare_ToWithdrawn_ReturnsWithdrawn(ItemStage from)
    {
        var diff = ItemDiffer.Compare(Item(stage: from), Item(stage: ItemStage.Withdrawn));

        Assert.Equal(RevisionKind.Withdrawn, diff.Kind);
        Assert.Equal("withdrawn", diff.Changes[0].New);
    }

    [Fact]
    public void FieldChangeToString_OldAndNew_UsesArrow()
    {
        Assert.Equal("title: Old → New", new FieldChange("title", "Old", "New").ToString());
    }
}

using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Core.Threads;

namespace PolicyWatchBot.Tests.Core.Threads;

public sealed class ItemCitationsTests
{
    [Theory]
    [InlineData("See https://www.federalregister.gov/d/2024-00190 for the rule.")]
    [InlineData("https://www.federalregister.gov/documents/2024/01/09/2024-00190/additions-to-the-entity-list")]
    [InlineData("The rule (https://public-inspection.federalregister.gov/2024-00190.pdf) is on public inspection.")]
    [InlineData("FEDERALREGISTER.GOV/D/2024-00190")]
    public void Of_LinkToAnFrDocument_ThatDocument(string summary)
    {
        Assert.Equal([ItemKey.FederalRegister("2024-00190")], ItemCitations.Of(Release(summary)));
    }

    [Fact]
    public void Of_SeveralLinksAndRepeats_EachDocumentOnceInOrder()
    {
        var cited = ItemCitations.Of(Release("federalregister.gov/d/2024-00300 and federalregister.gov/d/2024-00190, again federalregister.gov/d/2024-00300"));

        Assert.Equal([ItemKey.FederalRegister("2024-00300"), ItemKey.FederalRegister("2024-00190")], cited);
    }

    [Theory]
    [InlineData("Document 2024-00190 was mentioned without a link.")]
    [InlineData("https://example.org/d/2024-00190")]
    [InlineData("federalregister.gov/d/2024-001901")]
    public void Of_NoLinkToAnFrDocument_Nothing(string summary)
    {
        Assert.Empty(ItemCitations.Of(Release(summary)));
    }

    [Fact]
    public void Of_AnFrDocumentsOwnLink_IsNotACitation()
    {
        var document = Release("Its page: https://www.federalregister.gov/d/2024-00190") with { Key = ItemKey.FederalRegister("2024-00190") };

        Assert.Empty(ItemCitations.Of(document));
    }

    [Theory]
    [InlineData("The rule (89 FR 2978) takes effect today.", "fr-cite:89-2978")]
    [InlineData("published at 89  FR 043", "fr-cite:89-43")]
    public void Of_PrintedCitation_ItsCitationKey(string summary, string key)
    {
        Assert.Equal([new ItemKey(key)], ItemCitations.Of(Release(summary)));
    }

    [Theory]
    [InlineData("Rule 2024.89 FR 43 ignored")]
    [InlineData("89 FRA 43")]
    [InlineData("1989 FR 43")]
    public void Of_NoPrintedCitation_Nothing(string summary)
    {
        Assert.Empty(ItemCitations.Of(Release(summary)));
    }

    [Fact]
    public void OwnCitation_AnFrDocumentsCitationField_IsItsKeyAndNotACitationOfItself()
    {
        var document = Release("As printed at 89 FR 43.") with { Key = ItemKey.FederalRegister("2023-26792"), Citation = "89 FR 43" };

        Assert.Equal(new ItemKey("fr-cite:89-43"), ItemCitations.OwnCitation(document));
        Assert.Empty(ItemCitations.Of(document));
        Assert.Null(ItemCitations.OwnCitation(Release("x")));
    }

    [Fact]
    public void CorrectionTarget_TheCorrectedDocumentsKey()
    {
        Assert.Equal(ItemKey.FederalRegister("2024-00190"), ItemCitations.CorrectionTarget(Release("x") with { CorrectionOf = "2024-00190" }));
        Assert.Null(ItemCitations.CorrectionTarget(Release("x")));
    }

    private static FeedItem Release(string summary) => new()
    {
        Key = new ItemKey("bis:release"),
        NativeId = "release",
        Feed = new FeedId("bis-news"),
        Title = "Commerce acts",
        Summary = summary,
    };
}

using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Tests.Core.Screening;

public sealed class EntityChangeTextTests
{
    private static readonly ListedEntity Spacety = new()
    {
        List = "entity-list",
        Id = "SPACETY CO., LTD",
        Name = "Spacety Co., Ltd.",
        Countries = ["China", "Luxembourg"],
        LicenseRequirement = "For all items subject to the EAR",
        ReviewPolicy = "Policy of denial",
        Citation = "88 FR 12170 (2023-03929)",
    };

    [Fact]
    public void Headline_Added_NamesCountriesTermsAndCitation()
    {
        Assert.Equal(
            "Added to the Entity List: Spacety Co., Ltd. (China, Luxembourg) · license requirement: For all items subject to the EAR · review policy: Policy of denial · 88 FR 12170 (2023-03929)",
            EntityChangeText.Headline(EntityChange.Added(Spacety), "Entity List"));
    }

    [Fact]
    public void Headline_RemovedAndAmended_SayWhatHappened()
    {
        var amended = new EntityChange(EntityChangeKind.Amended, Spacety, [new EntityFieldChange("alias", null, "Spacety Luxembourg S.A.")]);

        Assert.Equal("Removed from the Entity List: Spacety Co., Ltd. (China, Luxembourg)", EntityChangeText.Headline(EntityChange.Removed(Spacety), "Entity List"));
        Assert.Equal("Amended on the Entity List: Spacety Co., Ltd. (China, Luxembourg) · alias added: Spacety Luxembourg S.A.", EntityChangeText.Headline(amended, "Entity List"));
        Assert.Equal("list:entity-list:SPACETY CO., LTD", EntityChangeText.ItemKey(Spacety));
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(0, 5, null)]
    [InlineData(8976, 8975, null)]
    [InlineData(8976, 898, null)]
    [InlineData(8976, 897, "the list has 897 entries, under a tenth of the 8976 stored: not taken as 8079 removed")]
    [InlineData(445, 0, "the list has no entries (it had 445): not taken as everyone removed")]
    public void Refusal_UnderATenthOfTheStoredList_IsRefused(int stored, int current, string? expected)
    {
        Assert.Equal(expected, ListVersionCheck.Refusal(stored, current));
    }
}

using PolicyWatchBot.Core.Rules;

namespace PolicyWatchBot.Tests.Core.Rules;

public sealed class ItemTokenizerTests
{
    [Fact]
    public void Tokenize_Item_ExtractsEveryFieldValueInOrder()
    {
        var item = TestItem.Create(
            "Entity List",
            summary: "Adds entries.",
            action: "Final rule.",
            type: "Rule",
            agencies: ["Commerce Department", "", "Industry and Security Bureau"],
            cfr: ["15 CFR 744"],
            dockets: ["BIS-2024-0001", "0694-AJ35"],
            feed: "fr-bis",
            jurisdiction: "us");

        var values = ItemTokenizer.Tokenize(item).Values;

        Assert.Equal(
            [
                "Title[0]: entity list",
                "Summary[0]: adds entries",
                "Action[0]: final rule",
                "Agency[0]: commerce department",
                "Agency[2]: industry and security bureau",
                "Type[0]: rule",
                "Cfr[0]: 15 cfr 744",
                "Docket[0]: bis 2024 0001",
                "Docket[1]: 0694 aj35",
                "Feed[0]: fr bis",
                "Jurisdiction[0]: us",
                "Rin[1]: 0694 aj35",
            ],
            values.Select(v => $"{v.Field}[{v.Index}]: {string.Join(' ', v.Tokens)}"));
    }

    [Fact]
    public void Tokenize_Item_KeepsRawTextForRegexes()
    {
        var value = ItemTokenizer.Tokenize(TestItem.Create("Rule 744.21 (EAR)")).Values[0];
        Assert.Equal("Rule 744.21 (EAR)", value.Text);
        Assert.Equal(["rule", "744", "21", "ear"], value.Tokens);
    }

    [Fact]
    public void Tokenize_ItemWithoutOptionalFields_HasTitleAndFeedOnly()
    {
        var values = ItemTokenizer.Tokenize(TestItem.Create("Title only", jurisdiction: "")).Values;
        Assert.Equal([ItemField.Title, ItemField.Feed], values.Select(v => v.Field));
    }
}

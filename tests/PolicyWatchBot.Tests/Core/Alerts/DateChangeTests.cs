using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Alerts;

public sealed class DateChangeTests
{
    [Theory]
    [InlineData("comments close", "2024-03-11", "2024-04-10", "comment period extended from 2024-03-11 to 2024-04-10")]
    [InlineData("comments close", "2024-04-10", "2024-03-11", "comment period shortened from 2024-04-10 to 2024-03-11")]
    [InlineData("comments close", null, "2024-03-11", "comments now close 2024-03-11")]
    [InlineData("comments close", "2024-03-11", null, "the comment close date 2024-03-11 was removed")]
    [InlineData("effective date", "2024-02-01", "2024-03-01", "effective date delayed from 2024-02-01 to 2024-03-01")]
    [InlineData("effective date", "2024-03-01", "2024-02-01", "effective date moved up from 2024-03-01 to 2024-02-01")]
    [InlineData("effective date", null, "2024-03-01", "now effective 2024-03-01")]
    public void Describe_DateChange_InWords(string field, string? old, string? current, string words)
    {
        Assert.Equal(words, AlertText.DateChange(new FieldChange(field, old, current)));
    }

    [Fact]
    public void Describe_OtherField_NoSentence()
    {
        Assert.Null(AlertText.DateChange(new FieldChange("title", "a", "b")));
    }
}

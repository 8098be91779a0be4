using PolicyWatchBot.Core.Alerts;
using PolicyWatchBot.Core.Audit;
using PolicyWatchBot.Core.Items;
using PolicyWatchBot.Delivery.ConsoleOutput;

namespace PolicyWatchBot.Tests.Delivery;

public sealed class ConsoleAlertRendererTests
{
    private static AlertMessage Alert() => new()
    {
        AlertId = "PW-3F9K",
        Kind = RevisionKind.Changed,
        ItemKey = "fr:2024-00273",
        FeedId = "fr-bis",
        FeedTitle = "Federal Register: BIS",
        Title = "Additions to the Entity List",
        Link = "https://www.federalregister.gov/d/2024-00273",
        DocumentType = "Rule",
        Agencies = ["Commerce Department", "Industry and Security Bureau"],
        PublishedOn = new DateOnly(2024, 1, 10),
        EffectiveOn = new DateOnly(2024, 1, 12),
        CommentsCloseOn = new DateOnly(2024, 3, 11),
        CfrReferences = ["15 CFR 744"],
        Dockets = ["240104-0001"],
        Summary = "BIS adds 12 entities to the Entity List.",
        MatchedRules = [new MatchedRule("entity-list", ["Entity List", "entities"]), new MatchedRule("everything", [])],
        Changes = [new FieldChange("title", "Additions to Entity List", "Additions to the Entity List")],
        FirstAlertId = "PW-0001",
    };

    [Theory]
    [InlineData("PW-3F9K")]
    [InlineData("Changed")]
    [InlineData("fr-bis")]
    [InlineData("fr:2024-00273")]
    [InlineData("Additions to the Entity List")]
    [InlineData("BIS adds 12 entities to the Entity List.")]
    [InlineData("title: Additions to Entity List → Additions to the Entity List")]
    [InlineData("entity-list (Entity List, entities)")]
    [InlineData("everything")]
    [InlineData("Commerce Department; Industry and Security Bureau")]
    [InlineData("effective 2024-01-12")]
    [InlineData("comments close 2024-03-11")]
    [InlineData("15 CFR 744")]
    [InlineData("docket 240104-0001")]
    [InlineData("follows PW-0001")]
    [InlineData("https://www.federalregister.gov/d/2024-00273")]
    public void Render_FullAlert_ContainsFact(string expected)
    {
        Assert.Contains(expected, ConsoleAlertRenderer.Render(Alert()), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FullAlert_FirstLineNamesIdKindFeedAndItem()
    {
        var firstLine = ConsoleAlertRenderer.Render(Alert()).Split('\n')[0];

        Assert.Equal("━━ PW-3F9K Changed · fr-bis · fr:2024-00273", firstLine);
    }

    [Fact]
    public void Render_NewlinesInFeedText_CollapsesThemIntoOneLine()
    {
        var alert = Alert() with
        {
            Title = "Additions to\nthe Entity   List",
            Summary = "First line.\r\n\r\n━━ PW-FAKE New · fake\n  second line.",
        };

        var text = ConsoleAlertRenderer.Render(alert);

        Assert.Contains("   Additions to the Entity List\n", text, StringComparison.Ordinal);
        Assert.Contains("   First line. ━━ PW-FAKE New · fake second line.\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), line => line.StartsWith("━━", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NewlineInChangedValue_StaysOnTheChangeLine()
    {
        var alert = Alert() with { Changes = [new FieldChange("summary", "old\ntext", "new\ntext")] };

        Assert.Contains("   changed summary: old text → new text\n", ConsoleAlertRenderer.Render(alert), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NewlinesInAgencyAndType_StayOnTheFactsLine()
    {
        var alert = Alert() with
        {
            DocumentType = "Rule\n━━ PW-FAKE",
            Agencies = ["Commerce\nDepartment"],
            CfrReferences = ["15 CFR\n744"],
            Dockets = ["240104-\n0001"],
        };

        var text = ConsoleAlertRenderer.Render(alert);

        Assert.Contains("   Rule ━━ PW-FAKE · Commerce Department · published 2024-01-10", text, StringComparison.Ordinal);
        Assert.Contains("15 CFR 744 · docket 240104- 0001\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), line => line.StartsWith("━━", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NewlineInMatchedTerm_StaysOnTheMatchedLine()
    {
        var alert = Alert() with { MatchedRules = [new MatchedRule("entity-list", ["Entity\nList"])] };

        Assert.Contains("   matched entity-list (Entity List)\n", ConsoleAlertRenderer.Render(alert), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MinimalAlert_OmitsEmptySections()
    {
        var alert = new AlertMessage
        {
            AlertId = "PW-0002",
            Kind = RevisionKind.New,
            ItemKey = "arxiv:1609.06753",
            FeedId = "arxiv-distillation",
            FeedTitle = "arXiv",
            Title = "A paper",
        };

        Assert.Equal("━━ PW-0002 New · arxiv-distillation · arxiv:1609.06753\n   A paper\n   act: ack PW-0002 · mute feed arxiv-distillation\n", ConsoleAlertRenderer.Render(alert));
    }

    [Fact]
    public void Render_AcknowledgedAlertWithRules_ShowsWhoAndNoAcknowledgeAction()
    {
        var alert = new AlertMessage
        {
            AlertId = "PW-0003",
            Kind = RevisionKind.New,
            ItemKey = "fr:2024-00190",
            FeedId = "fr-bis",
            FeedTitle = "BIS",
            Title = "A rule",
            MatchedRules = [new MatchedRule("ai-chips", ["semiconductor"])],
            Acknowledged = new Acknowledgement(new Actor("U1", "alice"), new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero), "sent to\nlegal"),
        };

        var text = ConsoleAlertRenderer.Render(alert);

        Assert.Contains("\n   acknowledged by alice at 2026-03-02 09:30 UTC: sent to legal\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n   act: mute rule ai-chips · mute feed fr-bis\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDigest_FloodOfTwo_HeadingEntriesAndAcknowledgeAll()
    {
        var digest = new AlertDigest
        {
            DigestId = "PWG-0001",
            Reason = DigestReason.Flood,
            Entries =
            [
                new DigestEntry("PW-0001", RevisionKind.New, "First\ntitle", "https://example.gov/1", "fr-bis"),
                new DigestEntry("PW-0002", RevisionKind.Changed, "Second", null, "fr-bis", new Acknowledgement(new Actor("U2", "bob"), new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), null)),
            ],
        };

        Assert.Equal(
            "━━ PWG-0001 2 alerts from one poll, grouped\n"
            + "   PW-0001 New · fr-bis · First title · https://example.gov/1\n"
            + "   PW-0002 Changed · fr-bis · Second\n"
            + "      acknowledged by bob at 2026-03-02 10:00 UTC\n"
            + "   act: ack PWG-0001\n",
            ConsoleDigestRenderer.Render(digest));
    }

    [Fact]
    public void Render_ForAConsoleChannel_FirstLineNamesTheChannel()
    {
        var firstLine = ConsoleAlertRenderer.Render(Alert(), "desk").Split('\n')[0];

        Assert.Equal("━━ PW-3F9K Changed · fr-bis · fr:2024-00273 → #desk", firstLine);
    }

    [Fact]
    public void RenderDigest_ForAConsoleChannel_FirstLineNamesTheChannel()
    {
        var digest = new AlertDigest
        {
            DigestId = "PWG-0001",
            Reason = DigestReason.Flood,
            Entries = [new DigestEntry("PW-0001", RevisionKind.New, "First", null, "fr-bis"), new DigestEntry("PW-0002", RevisionKind.New, "Second", null, "fr-bis")],
        };

        Assert.StartsWith("━━ PWG-0001 2 alerts from one poll, grouped → #desk\n", ConsoleDigestRenderer.Render(digest, "desk"), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderUpdate_ForAConsoleChannel_SaysWhichChannelsAlertWasAcknowledged()
    {
        var alert = Alert() with { Acknowledged = new Acknowledgement(new Actor("U1", "alice"), new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero), null) };

        Assert.Equal("── PW-3F9K in #desk: acknowledged by alice at 2026-03-02 09:30 UTC\n", ConsoleAlertRenderer.RenderUpdate(alert, "desk"));
    }

    [Fact]
    public void Render_OnPublicInspection_FiledAndToBePublishedNeverPublished()
    {
        var alert = Alert() with { OnPublicInspection = true, FiledOn = new DateOnly(2024, 1, 9), PublishedOn = new DateOnly(2024, 1, 10) };

        var text = ConsoleAlertRenderer.Render(alert);

        Assert.Contains(" · filed for public inspection on 2024-01-09, to be published on 2024-01-10 · ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("published 2024-01-10", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "2024-01-09", "2024-01-10", "filed for public inspection on 2024-01-09, to be published on 2024-01-10")]
    [InlineData(true, null, "2024-01-10", "on public inspection, to be published on 2024-01-10")]
    [InlineData(true, "2024-01-09", null, "filed for public inspection on 2024-01-09")]
    [InlineData(false, "2024-01-09", "2024-01-10", "published 2024-01-10")]
    public void Facts_PublicationDate_WordedByWhetherItIsPublishedYet(bool onPublicInspection, string? filed, string? publication, string expected)
    {
        var alert = Alert() with
        {
            OnPublicInspection = onPublicInspection,
            FiledOn = filed is null ? null : DateOnly.Parse(filed, System.Globalization.CultureInfo.InvariantCulture),
            PublishedOn = publication is null ? null : DateOnly.Parse(publication, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Contains(expected, AlertText.Facts(alert));
    }

    [Theory]
    [InlineData(RevisionKind.New, "New")]
    [InlineData(RevisionKind.Published, "Published")]
    [InlineData(RevisionKind.Corrected, "Corrected")]
    [InlineData(RevisionKind.Withdrawn, "Withdrawn")]
    public void KindLabel_EachRevisionKind_IsReadable(RevisionKind kind, string label)
    {
        Assert.Equal(label, AlertText.KindLabel(kind));
    }

    [Fact]
    public void Render_ReplyInAThread_AnIndentedArrowLineNamingTheParentWithItsLinesUnderIt()
    {
        var lines = ConsoleAlertRenderer.Render(Alert(), threadParentId: "PW-0001").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("   ↳ PW-0001 · PW-3F9K Changed · fr-bis · fr:2024-00273", lines[0]);
        Assert.All(lines.Skip(1), line => Assert.StartsWith("      ", line, StringComparison.Ordinal));
        Assert.DoesNotContain("━━", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ThreadParentWithAStage_ShowsWhereTheActionStandsNow()
    {
        var stage = new PolicyWatchBot.Core.Threads.ThreadStage
        {
            Stage = ItemStage.Published,
            PublishedOn = new DateOnly(2024, 1, 9),
            CommentsCloseOn = new DateOnly(2024, 3, 11),
            AsOf = new DateOnly(2024, 2, 28),
        };

        var text = ConsoleAlertRenderer.Render(Alert() with { Stage = stage });
        var update = ConsoleAlertRenderer.RenderUpdate(Alert() with { Stage = stage });

        Assert.Contains("   now: Published 2024-01-09 · comments close 2024-03-11 (in 12 days)\n", text, StringComparison.Ordinal);
        Assert.Equal("── PW-3F9K now: Published 2024-01-09 · comments close 2024-03-11 (in 12 days)\n", update);
    }
}

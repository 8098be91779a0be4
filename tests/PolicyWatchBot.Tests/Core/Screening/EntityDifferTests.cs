using PolicyWatchBot.Core.Screening.Entities;

namespace PolicyWatchBot.Tests.Core.Screening;

public sealed class EntityDifferTests
{
    private static readonly ListedEntity Huawei = new()
    {
        List = "entity-list",
        Id = "el-1",
        Name = "Huawei Technologies Co., Ltd.",
        Aliases = ["Huawei"],
        Type = EntityType.Entity,
        Countries = ["China"],
        Addresses = ["Bantian, Longgang District, Shenzhen"],
        Programs = ["Entity List"],
        LicenseRequirement = "For all items subject to the EAR",
        ReviewPolicy = "Presumption of denial",
        Citation = "84 FR 22963 (2019-10616)",
    };

    private static readonly ListedEntity Vessel = new() { List = "sdn", Id = "36", Name = "AEROCARIBBEAN AIRLINES", Type = EntityType.Vessel, Programs = ["CUBA"] };

    [Fact]
    public void Diff_SameEntitiesInAnotherOrder_IsNoChange()
    {
        var reordered = Huawei with { Aliases = ["HUAWEI "], Countries = ["china"] };

        Assert.Empty(EntityDiffer.Diff([Huawei, Vessel], [Vessel, reordered]));
    }

    [Fact]
    public void Diff_AddedRemovedAndAliasAdded_GivesExactlyThoseThreeChanges()
    {
        var added = new ListedEntity { List = "entity-list", Id = "el-2", Name = "Shenzhen Example Ltd." };
        var aliased = Huawei with { Aliases = ["Huawei", "Huawei Device"] };

        var changes = EntityDiffer.Diff([Huawei, Vessel], [aliased, added]);

        Assert.Equal(3, changes.Count);
        Assert.Contains(changes, c => c.Kind == EntityChangeKind.Added && c.Entity.Id == "el-2");
        Assert.Contains(changes, c => c.Kind == EntityChangeKind.Removed && c.Entity.Id == "36" && c.Entity.Name == "AEROCARIBBEAN AIRLINES");
        var amended = Assert.Single(changes, c => c.Kind == EntityChangeKind.Amended);
        Assert.Equal("el-1", amended.Entity.Id);
        Assert.Equal("alias added: Huawei Device", Assert.Single(amended.Changes).ToString());
    }

    [Fact]
    public void Amendments_NameEachChangedField()
    {
        var current = Huawei with
        {
            Addresses = ["Bantian, Shenzhen, Guangdong"],
            Programs = ["Entity List", "FDP"],
            LicenseRequirement = "For all items subject to the EAR, see §744.11",
            Aliases = [],
        };

        var changes = EntityDiffer.Amendments(Huawei, current).Select(c => c.ToString()).ToList();

        Assert.Equal(
            [
                "alias removed: Huawei",
                "address changed: Bantian, Longgang District, Shenzhen → Bantian, Shenzhen, Guangdong",
                "program added: FDP",
                "license requirement changed: For all items subject to the EAR → For all items subject to the EAR, see §744.11",
            ],
            changes);
    }

    [Fact]
    public void Diff_IdListedTwice_CountsTheFirstOnce()
    {
        var twice = Vessel with { Name = "Another name" };

        var changes = EntityDiffer.Diff([], [Vessel, twice]);

        Assert.Equal("AEROCARIBBEAN AIRLINES", Assert.Single(changes).Entity.Name);
    }

    [Fact]
    public void Diff_FlaggedDateCorrected_IsADateChange()
    {
        var typo = Vessel with { Dates = [new EntityDate("expires", "03/20/3017", new DateOnly(3017, 3, 20), "year 3017 is past any plausible date")] };
        var fixedDate = Vessel with { Dates = [new EntityDate("expires", "03/20/2017", new DateOnly(2017, 3, 20))] };

        var change = Assert.Single(EntityDiffer.Diff([typo], [fixedDate]));

        Assert.Equal("date changed: expires 03/20/3017 (year 3017 is past any plausible date) → expires 03/20/2017", Assert.Single(change.Changes).ToString());
    }
}

using PolicyWatchBot.Core.Screening.Matching;

namespace PolicyWatchBot.Tests.Core.Screening.Matching;

public sealed class ScreenedListTests
{
    private static readonly Lazy<List<ScreenedParty>> Sdn = new(SdnCsvParties.Load);

    [Fact]
    public void Load_RealSdnCsv_ReadsEveryRecordAndTheAliasesOfItsRemarks()
    {
        Assert.Equal(8976, Sdn.Value.Count);
        Assert.Equal(["BNC"], Sdn.Value.Single(p => p.Key == "list:sdn:306").Aliases);
    }

    [Fact]
    public void Find_AliasWrittenOtherwise_FindsThePartyNamingTheAliasMatched()
    {
        var list = new ScreenedList(Sdn.Value);

        var hit = Assert.Single(list.Find(new WatchedName("Banco Nacional de Cuba S.A.")));

        Assert.Equal("list:sdn:306", hit.Party.Key);
        Assert.Equal("BANCO NACIONAL DE CUBA", hit.PartyForm);
        Assert.Equal(1.0, hit.Score, 3);
    }

    [Fact]
    public void Find_EveryPairScored_GivesTheSameHitsAsTheIndex()
    {
        var parties = Sdn.Value;
        var list = new ScreenedList(parties);
        var random = new Random(15);
        var queries = new List<WatchedName>();
        for (var i = 0; i < 10; i++)
        {
            var party = parties[random.Next(parties.Count)];
            queries.Add(new WatchedName(Misspell(party.Name, random)));
            queries.Add(new WatchedName(string.Join(' ', party.Name.Split(' ', ',').Reverse())));
        }

        var forms = parties.SelectMany(p => p.Forms.Distinct().Select(form => (Party: p, Form: NormalizedName.Of(form)))).ToList();
        foreach (var threshold in new[] { NameSimilarity.DefaultThreshold })
        {
            foreach (var query in queries)
            {
                var name = NormalizedName.Of(query.Name);
                var expected = forms
                    .Where(f => NameSimilarity.Score(name, f.Form) >= threshold)
                    .Select(f => f.Party.Key)
                    .Distinct()
                    .Order(StringComparer.Ordinal)
                    .ToList();

                var found = list.Find(query, threshold).Select(h => h.Party.Key).Order(StringComparer.Ordinal).ToList();

                Assert.True(expected.SequenceEqual(found), $"{query.Name} at {threshold}: every pair {string.Join(", ", expected)}; index {string.Join(", ", found)}");
            }
        }
    }

    [Fact]
    public void Find_NameOnNoList_IsEmpty()
    {
        var list = new ScreenedList(Sdn.Value);

        Assert.Empty(list.Find(new WatchedName("Northwind Precision Components Ltd")));
    }

    // One letter replaced in the name's longest word.
    private static string Misspell(string name, Random random)
    {
        var words = name.Split(' ');
        var longest = Array.IndexOf(words, words.MaxBy(w => w.Length));
        var word = words[longest].ToCharArray();
        if (word.Length > 3)
        {
            word[1 + random.Next(word.Length - 2)] = (char)('A' + random.Next(26));
        }

        words[longest] = new string(word);
        return string.Join(' ', words);
    }
}

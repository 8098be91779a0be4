using PolicyWatchBot.Core.Screening.Matching;

namespace PolicyWatchBot.Tests.Core.Screening.Matching;

public sealed class NameSimilarityTests
{
    [Theory]
    [InlineData("HUAWEI TECHNOLOGIES CO., LTD.", "Huawei Technologies")]
    [InlineData("Huawei Technologies Company Limited", "huawei technologies co ltd")]
    [InlineData("Siemens AG", "SIEMENS")]
    [InlineData("CECOEX, S.A.", "Cecoex S. A.")]
    [InlineData("Promtekhkomplekt JSC", "PROMTEKHKOMPLEKT")]
    [InlineData("OOO Promtekhkomplekt", "Promtekhkomplekt Limited Liability Company")]
    [InlineData("Société Générale", "SOCIETE GENERALE")]
    [InlineData("Müller & Söhne GmbH", "Muller and Sohne")]
    [InlineData("Straße Handel", "Strasse Handel")]
    [InlineData("华为技术有限公司", "华为技术")]
    [InlineData("中兴通讯股份有限公司", "中兴通讯")]
    [InlineData("ＡＢＣ Trading", "ABC Trading")]
    [InlineData("SMITH, John", "John Smith")]
    [InlineData("Acme Intl Tech Co", "ACME INTERNATIONAL TECHNOLOGY COMPANY")]
    [InlineData("Rosoboronexport", "Rosoboron-Export")]
    [InlineData("O'Brien Holdings", "OBrien Holdings")]
    public void Score_SameNameWrittenOtherwise_IsOne(string a, string b)
    {
        Assert.Equal(1.0, NameSimilarity.Score(a, b), 3);
    }

    [Theory]
    [InlineData("Rosoboronexport", "Rosoboroneksport")]
    [InlineData("MUHAMMAD Yusuf", "Mohammed Yusuf")]
    [InlineData("Beijing Yunze Technology", "Beijing Yunzhe Technology")]
    public void Score_SpellingVariant_ReachesTheDefaultThreshold(string a, string b)
    {
        var score = NameSimilarity.Score(a, b);
        Assert.InRange(score, NameSimilarity.DefaultThreshold, 0.999);
    }

    [Theory]
    [InlineData("Bank of America", "Bank Melli Iran")]
    [InlineData("Huawei", "Huawei Technologies")]
    [InlineData("China Construction Bank", "China National Petroleum")]
    [InlineData("Global Trading", "International Trading")]
    [InlineData("ZTE", "ZTA")]
    [InlineData("Toyota Motor", "Toyo Engineering")]
    public void Score_DifferentNames_StaysUnderTheDefaultThreshold(string a, string b)
    {
        Assert.True(NameSimilarity.Score(a, b) < NameSimilarity.DefaultThreshold, $"{a} / {b}: {NameSimilarity.Score(a, b)}");
    }

    [Fact]
    public void Score_IsSymmetric()
    {
        Assert.Equal(NameSimilarity.Score("Beijing Yunze Technology Co", "Yunze Beijing Tech"), NameSimilarity.Score("Yunze Beijing Tech", "Beijing Yunze Technology Co"), 10);
    }

    [Theory]
    [InlineData("Co., Ltd.", "Co Ltd", 1.0)]
    [InlineData("", "Huawei", 0.0)]
    [InlineData("...", "...", 0.0)]
    public void Score_NameOfLegalFormsOrPunctuationOnly_ComparesWhatItHas(string a, string b, double expected)
    {
        Assert.Equal(expected, NameSimilarity.Score(a, b), 3);
    }

    [Theory]
    [InlineData(0.8999, "0.89")]
    [InlineData(0.96, "0.96")]
    [InlineData(1.0, "1.00")]
    public void Format_RoundsDown(double score, string expected)
    {
        Assert.Equal(expected, NameSimilarity.Format(score));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(-0.2)]
    [InlineData(double.NaN)]
    public void CheckThreshold_OutsideZeroToOne_SaysWhy(double threshold)
    {
        Assert.Contains("above 0 and at most 1", NameSimilarity.CheckThreshold(threshold), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckThreshold_Usable_IsNull()
    {
        Assert.Null(NameSimilarity.CheckThreshold(0.9));
    }
}

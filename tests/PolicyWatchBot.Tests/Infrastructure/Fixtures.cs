namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>Paths of the saved real payloads copied under Fixtures/.</summary>
public static class Fixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string FederalRegisterDocuments => Path.Combine(Root, "feeds", "federal-register", "documents-search-2024-01-all-fields-page1.json");

    public static string PublicInspectionDocument => Path.Combine(Root, "feeds", "federal-register", "public-inspection-document-2017-00854.json");

    public static string ArxivAtom => Path.Combine(Root, "feeds", "arxiv", "api-query-cs-ai-lg-cl-2017-08.atom.xml");

    /// <summary>The repository root (for the shipped feeds/ and appsettings.json).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "PolicyWatchBot.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("PolicyWatchBot.sln not found above the test binaries");
        }
    }

    public static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// The published 2024-00190 of the real Federal Register answer in the fixtures, with deadlines. The
/// capture has no comment period or effective date, so they are written into the fields the API
/// documents for them (<c>comments_close_on</c>, <c>effective_on</c>: YYYY-MM-DD, or null).
/// </summary>
public static class DeadlineBodies
{
    public static string Published(string? commentsClose, string? effective = null) =>
        FederalRegisterBodies.Documents(d => (string?)d["document_number"] == ThreadBodies.Document, d =>
        {
            d["comments_close_on"] = commentsClose;
            d["effective_on"] = effective;
        });
}

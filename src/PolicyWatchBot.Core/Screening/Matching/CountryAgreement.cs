namespace PolicyWatchBot.Core.Screening.Matching;

/// <summary>Whether a watchlist entry's country is among a party's: unknown when either gives none.</summary>
internal enum CountryAgreement
{
    Unknown,
    Same,
    Different,
}

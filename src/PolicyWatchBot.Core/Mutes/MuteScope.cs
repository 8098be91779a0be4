namespace PolicyWatchBot.Core.Mutes;

public enum MuteScope
{
    Rule,
    Feed,
    Channel,
}

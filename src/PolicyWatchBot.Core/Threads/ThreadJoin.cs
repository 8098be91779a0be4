namespace PolicyWatchBot.Core.Threads;

/// <summary>Why an item is in a thread (recorded with it, so restarts keep the join).</summary>
public enum ThreadJoin
{
    /// <summary>Its first alert in the channel started the thread.</summary>
    Started,

    /// <summary>An FR correction (<c>correction_of</c>) joined its original's thread.</summary>
    Correction,

    /// <summary>It cites an FR document (a press release, an OFAC web action) and joined that document's thread.</summary>
    Cites,

    /// <summary>An FR document joined the thread of an item that cited it first.</summary>
    CitedBy,
}

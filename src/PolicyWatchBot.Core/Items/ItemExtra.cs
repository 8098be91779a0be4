namespace PolicyWatchBot.Core.Items;

/// <summary>A further field a <c>json-list</c> feed maps (<c>latest action</c>: "Referred to the Committee on ..."): searched as text, and a revision when it changes.</summary>
public sealed record ItemExtra(string Name, string Value);

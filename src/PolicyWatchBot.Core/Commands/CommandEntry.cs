namespace PolicyWatchBot.Core.Commands;

/// <summary>
/// One verb of <c>/policywatch</c> as <c>help</c>, the parser's errors and the Discord command
/// registration show it.
/// </summary>
/// <param name="Verb">The verb as typed, lower-case; two words for the rule verbs (<c>rule add</c>).</param>
/// <param name="Usage">The usage line, e.g. <c>rule add NAME EXPRESSION</c>.</param>
/// <param name="Summary">What the verb does, in one line.</param>
/// <param name="Example">One realistic command line, without <c>/policywatch</c>; it parses.</param>
/// <param name="ManagersOnly">Whether only managers may run it (it changes the channel's setup).</param>
/// <param name="CommandType">The <see cref="ChatCommand"/> the verb parses to.</param>
public sealed record CommandEntry(string Verb, string Usage, string Summary, string Example, bool ManagersOnly, Type CommandType);

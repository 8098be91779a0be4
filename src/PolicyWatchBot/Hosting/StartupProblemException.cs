namespace PolicyWatchBot.Hosting;

/// <summary>
/// Why the program cannot start, written for the person starting it: what is wrong, the file,
/// key or address, and what to do. Shown as it is, on one line, with exit code 2.
/// </summary>
public sealed class StartupProblemException(string message) : Exception(message);

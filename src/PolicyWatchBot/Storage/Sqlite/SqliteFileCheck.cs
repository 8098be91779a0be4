using System.Text;
using Microsoft.Data.Sqlite;
using PolicyWatchBot.Hosting;

namespace PolicyWatchBot.Storage.Sqlite;

/// <summary>
/// Looks at the database file and its folder before anything opens them, so a read-only folder
/// or file, or a file that is not a SQLite database, stops the start with one line naming it
/// instead of a stack trace, and nothing is written. SQLite's own refusals later are put the same way.
/// </summary>
internal static class SqliteFileCheck
{
    private const string Key = StorageOptions.Section + ":ConnectionString";
    private static readonly byte[] Header = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>Throws a <see cref="StartupProblemException"/> when the file or its folder cannot be used; an in-memory database passes.</summary>
    public static void ThrowIfUnusable(string? path)
    {
        if (path is null)
        {
            return;
        }

        var folder = Path.GetDirectoryName(path)!;
        var existing = ExistingAncestor(folder);
        if (existing is not null && IsReadOnly(existing))
        {
            throw new StartupProblemException(existing == folder
                ? $"the data folder {folder} is read-only: the database {Path.GetFileName(path)} and its journal are written there; make the folder writable, or point {Key} at a writable place"
                : $"the data folder {folder} cannot be created: {existing} is read-only; create the folder yourself, or point {Key} at a writable place");
        }

        if (!File.Exists(path))
        {
            return;
        }

        if (IsReadOnly(path))
        {
            throw new StartupProblemException($"the database {path} is read-only; make it writable (chmod u+w), or point {Key} at another file");
        }

        if (!LooksLikeSqlite(path))
        {
            throw new StartupProblemException($"{path} is not a SQLite database; move it away, or point {Key} at another file (it was not changed)");
        }
    }

    /// <summary>What SQLite's refusal to open or migrate the file means, naming the file.</summary>
    public static string Explain(string path, SqliteException ex) => ex.SqliteErrorCode switch
    {
        26 => $"{path} is not a SQLite database; move it away, or point {Key} at another file (it was not changed)",
        11 => $"the database {path} is damaged ({ex.Message}); restore it from a backup, or point {Key} at a new file",
        8 => $"the database {path} cannot be written (a read-only file or folder); make both writable, or point {Key} at another file",
        14 => $"the database {path} cannot be opened or created; check that its folder exists and this user may write to it, or point {Key} at another file",
        5 or 6 => $"the database {path} is locked by another program; close it (a database browser, a copy of the bot) and start again",
        _ => $"the database {path} cannot be used: {ex.Message}",
    };

    private static string? ExistingAncestor(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            if (current.Exists)
            {
                return current.FullName.TrimEnd(Path.DirectorySeparatorChar) is { Length: > 0 } trimmed ? trimmed : current.FullName;
            }
        }

        return null;
    }

    /// <summary>Marked read-only: no write permission for anyone (Unix), or the read-only attribute (Windows). Honoured even for root.</summary>
    private static bool IsReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return !Directory.Exists(path) && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
        }

        const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        return (File.GetUnixFileMode(path) & AnyWrite) == 0;
    }

    /// <summary>An empty file is fine (SQLite makes it a database); anything else must start with SQLite's header.</summary>
    private static bool LooksLikeSqlite(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0)
        {
            return true;
        }

        var start = new byte[Header.Length];
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.AsSpan().SequenceEqual(Header);
    }
}

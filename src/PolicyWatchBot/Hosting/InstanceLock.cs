using System.Globalization;
using System.Text;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// One <c>run</c> per database file: <c>FILE.lock</c> beside it, holding an operating-system
/// lock (released by the kernel even when the process dies) and the holder's process id, so a
/// second <c>run</c> is refused naming the first. One-shot verbs do not take it and may share the
/// file. The lock file stays (emptied) when the run ends; its lock, not its presence, is what counts.
/// </summary>
internal sealed class InstanceLock : IDisposable
{
    private const string StorageKey = "PolicyWatch:Storage:ConnectionString";

    // Record locks belong to a process, so two runs inside one process are told apart here.
    private static readonly HashSet<string> HeldHere = new(StringComparer.Ordinal);

    private readonly FileStream _file;
    private readonly string _path;

    private InstanceLock(FileStream file, string path)
    {
        _file = file;
        _path = path;
    }

    public static string LockPathOf(string databasePath) => databasePath + ".lock";

    public static InstanceLock Acquire(string databasePath)
    {
        var path = LockPathOf(databasePath);
        lock (HeldHere)
        {
            if (HeldHere.Contains(path))
            {
                throw Refusal(databasePath, Environment.ProcessId);
            }

            FileStream file;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                file = Open(path);
            }
            catch (UnauthorizedAccessException)
            {
                throw new StartupProblemException($"cannot create {path}: this user may not write to the data folder; make it writable, or point {StorageKey} at a writable place");
            }
            catch (IOException) when (OperatingSystem.IsMacOS())
            {
                throw Refusal(databasePath, holder: null);
            }

            if (!OperatingSystem.IsMacOS())
            {
                try
                {
                    file.Lock(0, 1);
                }
                catch (IOException)
                {
                    var holder = ReadHolder(file);
                    file.Dispose();
                    throw Refusal(databasePath, holder);
                }
            }

            file.SetLength(0);
            file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            file.Flush(flushToDisk: true);
            HeldHere.Add(path);
            return new InstanceLock(file, path);
        }
    }

    /// <summary>
    /// The run holding the database's lock, for a one-shot verb's <c>status</c>: its pid and when it
    /// took the lock; null when no run holds it. Only looks: the lock file is neither created nor changed.
    /// </summary>
    public static WorkerRun? Holder(string databasePath)
    {
        var path = LockPathOf(databasePath);
        lock (HeldHere)
        {
            if (HeldHere.Contains(path))
            {
                // Opening and closing the file here would drop this process's own record lock.
                return new WorkerRun(new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), IsThisProcess: true, Environment.ProcessId);
            }

            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                using var file = Open(path, FileMode.Open);
                if (OperatingSystem.IsMacOS())
                {
                    return null;
                }

                try
                {
                    file.Lock(0, 1);
                    file.Unlock(0, 1);
                    return null;
                }
                catch (IOException)
                {
                    return new WorkerRun(new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), IsThisProcess: false, ReadHolder(file));
                }
            }
            catch (IOException) when (OperatingSystem.IsMacOS())
            {
                return new WorkerRun(new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), IsThisProcess: false, ProcessId: null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    public void Dispose()
    {
        lock (HeldHere)
        {
            _file.SetLength(0);
            if (!OperatingSystem.IsMacOS())
            {
                _file.Unlock(0, 1);
            }

            _file.Dispose();
            HeldHere.Remove(_path);
        }
    }

    /// <summary>
    /// Linux and Windows: a record lock on the first byte, so others can still read the pid.
    /// macOS has no record locks in .NET: the file is opened exclusively instead (the pid is then unknown to others).
    /// </summary>
    private static FileStream Open(string path, FileMode mode = FileMode.OpenOrCreate) => OperatingSystem.IsMacOS()
        ? new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None)
        : new FileStream(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    private static StartupProblemException Refusal(string databasePath, int? holder) => new(
        $"another policywatch run{(holder is null ? "" : $" (pid {holder})")} is using {databasePath}; stop it first, or give this one its own database with {StorageKey} (poll --once and chat may share the file)");

    private static int? ReadHolder(FileStream file)
    {
        try
        {
            file.Position = 0;
            var buffer = new byte[32];
            var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return int.TryParse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            // Windows locks the region against reads too: the pid is then unknown.
            return null;
        }
    }
}

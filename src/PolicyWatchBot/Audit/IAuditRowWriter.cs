namespace PolicyWatchBot.Audit;

/// <summary>Writes exported audit rows in one format, a row at a time, so an export of any size streams.</summary>
internal interface IAuditRowWriter : IDisposable
{
    void WriteHeader(TextWriter output);

    void Write(AuditLogRow row, TextWriter output);
}

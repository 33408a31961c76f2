using NamndFollowUp.Economy.Domain;
using NamndFollowUp.SharedKernel;
using Npgsql;

namespace NamndFollowUp.Economy.Infrastructure;

/// <summary>
/// Records an <see cref="ImportRun"/> while it runs: the row is inserted before the file is read, then a timer
/// writes the bytes and lines read every <see cref="ImportRun.ReportInterval"/> (whether or not the client is
/// sending: the heartbeat also tells a poller that the replica is alive), and the outcome last. Every write is a
/// short statement on a pooled connection of its own, committed at once, so a poller on any replica sees it while
/// the import's own transaction is still open; the readers only add to two counters.
/// </summary>
public sealed class ImportRunRecorder : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task _heartbeat = Task.CompletedTask;
    private long _bytes, _lines;

    public Guid Id { get; }

    private ImportRunRecorder(string connectionString, Guid id, TimeProvider time) =>
        (_connectionString, Id, _time) = (connectionString, id, time);

    /// <summary>Inserts the run (phase reading) and starts the heartbeat; an id already used refuses the import.</summary>
    public static async Task<ImportRunRecorder> StartAsync(string connectionString, Guid id, string municipality, string committee,
        string actor, string format, string fileName, bool dryRun, TimeProvider time, CancellationToken ct)
    {
        var recorder = new ImportRunRecorder(connectionString, id, time);
        var now = time.GetUtcNow();
        var inserted = await recorder.ExecuteAsync("""
            INSERT INTO import_runs ("Id", "MunicipalityCode", "CommitteeCode", "Actor", "Format", "FileName", "DryRun", "Phase",
                                     "BytesRead", "LinesRead", "FigureRows", "StartedAt", "UpdatedAt", "ProblemCount")
            VALUES (@id, @municipality, @committee, @actor, @format, @fileName, @dryRun, 'Reading', 0, 0, 0, @now, @now, 0)
            ON CONFLICT ("Id") DO NOTHING
            """, ct, ("municipality", municipality), ("committee", committee), ("actor", Cut(actor, 200)),
            ("format", format), ("fileName", Cut(fileName, 200)), ("dryRun", dryRun), ("now", now));
        if (inserted == 0)
        {
            throw new ValidationFailedException("import_id", $"{id} already names another import; send a new UUID with each import");
        }
        recorder._heartbeat = recorder.HeartbeatAsync();
        return recorder;
    }

    /// <summary>Called by the reader for every buffer it takes from the file.</summary>
    public void Read(int bytes, int lines)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _lines, lines);
    }

    /// <summary>
    /// The whole file is read: from here the merge and the rules run. The importer does not wait for this record
    /// (it runs beside the merge) and it never fails the import: it has its own deadline, not the request's.
    /// </summary>
    public async Task ApplyingAsync(int lines, int figureRows)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await ExecuteAsync("""
                UPDATE import_runs SET "Phase" = 'Applying', "BytesRead" = @bytes, "LinesRead" = @lines, "FigureRows" = @rows, "UpdatedAt" = @now
                WHERE "Id" = @id AND "Phase" = 'Reading'
                """, deadline.Token, ("bytes", Interlocked.Read(ref _bytes)), ("lines", (long)lines), ("rows", (long)figureRows), ("now", _time.GetUtcNow()));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // Advisory, as the heartbeat: the import itself finds out soon enough whether the database is there.
        }
    }

    /// <summary>Committed (or checked, for a dry run): the answer the uploader got, for pollers.</summary>
    public async Task DoneAsync(string resultJson)
    {
        await StopHeartbeatAsync();
        await FinalAsync(ImportRunPhase.Done, resultJson, []);
    }

    /// <summary>Refused (nothing stored) or abandoned (cancelled, failed): why, for pollers.</summary>
    public async Task FinishedWithoutStoringAsync(ImportRunPhase phase, IReadOnlyList<string> problems)
    {
        await StopHeartbeatAsync();
        await FinalAsync(phase, null, problems);
    }

    private async Task FinalAsync(ImportRunPhase phase, string? result, IReadOnlyList<string> problems)
    {
        // The uploader's own answer decides; this record only repeats it for pollers. The write gets its own
        // deadline and one retry, and is not tied to the request: a client that went away still leaves its
        // outcome for whoever polls. If both fail (the database gone just after the commit) the import's answer
        // stands and the record is given up: it shows the run abandoned after 30 s, never an error to the uploader.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await ExecuteAsync("""
                    UPDATE import_runs SET "Phase" = @phase, "BytesRead" = @bytes, "LinesRead" = GREATEST("LinesRead", @lines),
                        "Result" = @result, "Problems" = @problems, "ProblemCount" = @count, "UpdatedAt" = @now, "FinishedAt" = @now
                    WHERE "Id" = @id
                    """, deadline.Token, ("phase", phase.ToString()), ("bytes", Interlocked.Read(ref _bytes)), ("lines", Interlocked.Read(ref _lines)),
                    ("result", (object?)result ?? DBNull.Value),
                    ("problems", problems.Count == 0 ? DBNull.Value : string.Join('\n', problems.Take(ImportRun.KeptProblems).Select(p => Cut(p.ReplaceLineEndings(" "), 500)))),
                    ("count", problems.Count), ("now", _time.GetUtcNow()));
                return;
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
            }
        }
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(ImportRun.ReportInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await ExecuteAsync("""
                        UPDATE import_runs SET "BytesRead" = @bytes, "LinesRead" = GREATEST("LinesRead", @lines), "UpdatedAt" = @now
                        WHERE "Id" = @id AND "Phase" IN ('Reading', 'Applying')
                        """, _stop.Token, ("bytes", Interlocked.Read(ref _bytes)), ("lines", Interlocked.Read(ref _lines)), ("now", _time.GetUtcNow()));
                }
                catch (NpgsqlException)
                {
                    // Progress is advisory: a missed report is made good by the next; the import's own
                    // transaction, not this record, decides what is stored.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task StopHeartbeatAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", Id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>PostgreSQL's text takes no NUL; a name or reason is kept readable, not whole.</summary>
    private static string Cut(string value, int max) =>
        (value.Length <= max ? value : value[..max] + "…").Replace("\0", "\\u0000", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await StopHeartbeatAsync();
        _stop.Dispose();
    }
}

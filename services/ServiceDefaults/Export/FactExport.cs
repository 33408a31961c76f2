using System.Data;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Export;

/// <summary>A table a service exports to BI, with the columns that make a row's stable key.</summary>
public sealed record FactSetDefinition(string Table, string Label, string[] KeyColumns);

/// <summary>
/// Bulk and incremental export of a service's fact tables. A change log filled by statement-level
/// triggers (so bulk imports are captured as well as EF writes) records every insert, update and delete
/// with its transaction id. A pull reads in one REPEATABLE READ snapshot; its change token is that
/// snapshot. The next pull returns exactly the changes whose transactions the token's snapshot did not
/// see — nothing skipped when a slower transaction commits an earlier change later, nothing twice.
/// </summary>
public sealed class FactExport(string service, IReadOnlyList<FactSetDefinition> factSets)
{
    public string Service { get; } = service;

    public FactSetDefinition? Find(string name) => factSets.FirstOrDefault(f => f.Table == name);

    public IReadOnlyList<FactSetDefinition> FactSets => factSets;

    /// <summary>Creates the change log and its triggers; idempotent, and serialized between replicas.</summary>
    public async Task EnsureChangeLogAsync(DbContext db, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("""
            SELECT pg_advisory_xact_lock(hashtext('namnd_change_log'));
            CREATE TABLE IF NOT EXISTS change_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                table_name text NOT NULL,
                municipality_code text,
                operation char(1) NOT NULL,
                row jsonb NOT NULL,
                changed_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX IF NOT EXISTS change_log_pull ON change_log (table_name, municipality_code, txid, id);
            CREATE OR REPLACE FUNCTION namnd_change_log_rows() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              -- Each row converted to jsonb once (OFFSET 0 keeps the planner from inlining the subquery, which would
              -- convert it twice, once for its municipality): the conversion is most of the trigger's cost, and the
              -- trigger runs for every value a bulk import or the economy consumer writes.
              IF TG_OP = 'DELETE' THEN
                INSERT INTO change_log (table_name, municipality_code, operation, row)
                SELECT TG_TABLE_NAME, r->>'MunicipalityCode', 'D', r FROM (SELECT to_jsonb(o) AS r FROM old_rows o OFFSET 0) x;
              ELSE
                INSERT INTO change_log (table_name, municipality_code, operation, row)
                SELECT TG_TABLE_NAME, r->>'MunicipalityCode', left(TG_OP, 1), r FROM (SELECT to_jsonb(n) AS r FROM new_rows n OFFSET 0) x;
              END IF;
              RETURN NULL;
            END $$;
            """);
        sql.AppendLine(ChangeLogRetention.Schema);
        foreach (var set in factSets)
        {
            // Transition tables allow one event per trigger, so three statement-level triggers per table.
            sql.AppendLine($"""
                CREATE OR REPLACE TRIGGER namnd_change_log_insert AFTER INSERT ON "{set.Table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION namnd_change_log_rows();
                CREATE OR REPLACE TRIGGER namnd_change_log_update AFTER UPDATE ON "{set.Table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION namnd_change_log_rows();
                CREATE OR REPLACE TRIGGER namnd_change_log_delete AFTER DELETE ON "{set.Table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION namnd_change_log_rows();
                """);
        }
        var ddl = sql.ToString();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Nothing to do on a replica's restart (the common case): checked from the catalog, before any table lock.
            string[] triggers = ["namnd_change_log_insert", "namnd_change_log_update", "namnd_change_log_delete"];
            await InstalledSchema.EnsureAsync(connection, "namnd_change_log", ddl, new("namnd_change_log_rows", triggers, [.. factSets.Select(f => f.Table)],
                ["change_log", "change_log_pull", "change_log_changed_at", "change_log_pruned"]), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Streams a pull: each row to <paramref name="write"/>, then returns the change token. The rows are
    /// read with a forward-only reader and written as they come: memory stays flat however large the set.
    /// PostgreSQL builds each row's JSON and its key, so nothing is parsed here.
    /// </summary>
    /// <param name="amountsAsText">
    /// Decimal columns as JSON strings with their exact digits ("-247200000.50") rather than JSON numbers, which
    /// many readers (JavaScript, pandas' default) turn into binary floating point and round.
    /// </param>
    public async Task<string> PullAsync(DbContext db, FactSetDefinition set, string municipality, string? changeToken,
        Func<Operation, string, string, Task> write, CancellationToken cancellationToken, Func<string, Task>? tokenKnown = null, bool amountsAsText = false)
    {
        var since = string.IsNullOrEmpty(changeToken) ? null : ChangeToken.Read(changeToken, set.Table);
        var amounts = amountsAsText ? StoreColumns(db, set).Where(c => KindOf(c) == Kind.Decimal).Select(c => c.Name).ToList() : [];
        string Json(string row) => amounts.Count == 0 ? $"{row}::text"
            : $"({row} || jsonb_build_object({string.Join(", ", amounts.Select(a => $"'{a}', {row}->>'{a}'"))}))::text";
        var (connection, transaction, token) = await BeginPullAsync(db, set, cancellationToken, since);
        await using (transaction)
        {
            NpgsqlCommand command;
            FactRowJson? rowJson = null;
            if (since is null)
            {
                // Typed columns, the JSON written here (FactRowJson says why): the key as the CSV pull's.
                var columns = StoreColumns(db, set);
                rowJson = new FactRowJson(columns, amountsAsText);
                command = new NpgsqlCommand($"""
                    SELECT 'I', {Key(set, c => Text(columns.Single(x => x.Name == c), $"t.\"{c}\""))}, {rowJson.SelectList("t")}
                    FROM "{set.Table}" t WHERE t."MunicipalityCode" = @m ORDER BY {Order(set, "t")}
                    """, connection, transaction);
            }
            else
            {
                command = new NpgsqlCommand($"""
                    SELECT operation, {Key(set, c => $"row->>'{c}'")}, {Json("row")} FROM change_log
                    WHERE table_name = @t AND municipality_code = @m
                      AND txid >= pg_snapshot_xmin(@since::pg_snapshot)
                      AND NOT pg_visible_in_snapshot(txid, @since::pg_snapshot)
                    ORDER BY txid, id
                    """, connection, transaction);
                command.Parameters.AddWithValue("t", set.Table);
                command.Parameters.AddWithValue("since", since);
            }
            command.Parameters.AddWithValue("m", municipality);
            if (tokenKnown is not null)
            {
                // Known before the first row: HTTP callers get it as a response header.
                await tokenKnown(token);
            }
            await using (command)
            // A full pull's rows are small and read whole (their columns in any order); a logged row is one JSON text.
            await using (var reader = await command.ExecuteReaderAsync(rowJson is null ? CommandBehavior.SequentialAccess : CommandBehavior.Default, cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var operation = reader.GetString(0) switch { "I" => Operation.Insert, "U" => Operation.Update, _ => Operation.Delete };
                    var key = reader.GetString(1);
                    await write(operation, key, rowJson?.Read(reader, 2) ?? reader.GetString(2));
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return token;
    }

    /// <summary>
    /// A pull as CSV, written by PostgreSQL itself (COPY … TO STDOUT, FORMAT csv, with the header): the rows
    /// never become objects here, only text passed on, so the export runs at close to the database's own
    /// speed with flat memory. The same columns, order and values as the rows' JSON: null and "" are both an
    /// empty field, numbers and booleans as JSON writes them, timestamps in ISO 8601. Returns the change token,
    /// handed to <paramref name="tokenKnown"/> before the first chunk goes to <paramref name="write"/>.
    /// </summary>
    public async Task<string> PullCsvAsync(DbContext db, FactSetDefinition set, string municipality, string? changeToken,
        Func<ReadOnlyMemory<char>, Task> write, Func<string, Task> tokenKnown, CancellationToken cancellationToken, CsvDialect dialect = CsvDialect.Machine)
    {
        var since = string.IsNullOrEmpty(changeToken) ? null : ChangeToken.Read(changeToken, set.Table);
        var columns = StoreColumns(db, set);
        var (connection, transaction, token) = await BeginPullAsync(db, set, cancellationToken, since);
        await using (transaction)
        {
            await tokenKnown(token);
            using (var reader = await connection.BeginTextExportAsync(CsvCopyCommand(set, columns, municipality, since, dialect), cancellationToken))
            {
                var buffer = new char[32 * 1024];
                int read;
                while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await write(buffer.AsMemory(0, read));
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return token;
    }

    /// <summary>
    /// The COPY statement of a CSV pull: "operation,key," and the set's columns. Public so that a benchmark
    /// can run exactly this statement straight against PostgreSQL as its baseline. COPY takes no parameters,
    /// so the municipality (4 digits) and snapshot (validated by <see cref="ChangeToken.Read"/>) are literals.
    /// </summary>
    public static string CsvCopyCommand(FactSetDefinition set, IReadOnlyList<StoreColumn> columns, string municipality, string? sinceSnapshot,
        CsvDialect dialect = CsvDialect.Machine)
    {
        if (municipality.Length != 4 || !municipality.All(char.IsAsciiDigit))
        {
            throw new ValidationFailedException("municipality_code", $"must be the municipality's 4-digit SCB code, got '{municipality}'");
        }
        var excel = dialect == CsvDialect.ExcelSwedish;
        // Each column's value as the machine dialect's text, then (Excel) as a Swedish reader writes it.
        string Field(StoreColumn c, string text) => excel ? $"{ExcelValue(c, text)} AS \"{Header(c.Name)}\"" : $"{text} AS \"{c.Name}\"";
        string Header(string name) => Labels.Swedish(name).Replace("\"", "");
        var operation = excel ? $"\"{Header("operation")}\"" : "operation";
        var key = excel ? $"\"{Header("key")}\"" : "key";
        string select;
        if (sinceSnapshot is null)
        {
            var values = columns.Select(c => Field(c, excel ? Text(c, $"t.\"{c.Name}\"") : CsvValue(c, $"t.\"{c.Name}\"")));
            select = $"""
                SELECT {(excel ? "'ny'" : "'insert'")} AS {operation}, {Key(set, c => Text(columns.Single(x => x.Name == c), $"t.\"{c}\""))} AS {key}, {string.Join(", ", values)}
                FROM "{set.Table}" t WHERE t."MunicipalityCode" = '{municipality}' ORDER BY {Order(set, "t")}
                """;
        }
        else
        {
            // The logged row is JSON already: ->> gives each value as the full pull's text does.
            var values = columns.Select(c => Field(c, $"NULLIF(row->>'{c.Name}', '')"));
            var operations = excel ? "WHEN 'I' THEN 'ny' WHEN 'U' THEN 'ändrad' ELSE 'borttagen'" : "WHEN 'I' THEN 'insert' WHEN 'U' THEN 'update' ELSE 'delete'";
            select = $"""
                SELECT CASE operation {operations} END AS {operation},
                       {Key(set, c => $"row->>'{c}'")} AS {key}, {string.Join(", ", values)}
                FROM change_log
                WHERE table_name = '{set.Table}' AND municipality_code = '{municipality}'
                  AND txid >= pg_snapshot_xmin('{sinceSnapshot}'::pg_snapshot)
                  AND NOT pg_visible_in_snapshot(txid, '{sinceSnapshot}'::pg_snapshot)
                ORDER BY txid, id
                """;
        }
        return $"COPY ({select}) TO STDOUT (FORMAT csv, HEADER{(excel ? ", DELIMITER ';'" : "")})";
    }

    /// <summary>
    /// A value for a Swedish Excel, from its machine text: decimal comma; the period point by name; a time in
    /// Swedish local time as Excel recognises one (2024-12-31 23:59:59); booleans ja/nej; texts and codes as they are.
    /// </summary>
    private static string ExcelValue(StoreColumn column, string text) => KindOf(column) switch
    {
        Kind.Decimal => $"replace({text}, '.', ',')",
        Kind.Integer when column.Name == "PeriodPoint" =>
            $"CASE {text} {string.Join(" ", CsvDialects.PeriodPointNames.Select((n, i) => (n, i)).Skip(1).Select(p => $"WHEN '{p.i}' THEN '{p.n}'"))} ELSE {text} END",
        Kind.Boolean => $"CASE {text} WHEN 'true' THEN 'ja' WHEN 'false' THEN 'nej' END",
        Kind.Timestamp => $"to_char(({text})::timestamptz AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI:SS')",
        Kind.Text => $"NULLIF({text}, '')",
        _ => text,
    };

    /// <summary>A column of a fact table with its PostgreSQL type, e.g. ("Actual", "numeric").</summary>
    public sealed record StoreColumn(string Name, string StoreType);

    /// <summary>The set's columns in <see cref="Columns"/>' order with their store types, from the EF model.</summary>
    public static List<StoreColumn> StoreColumns(DbContext db, FactSetDefinition set)
    {
        var (entity, table) = Entity(db, set);
        return entity.GetProperties()
            .Where(p => p.GetColumnName(table) is not null)
            .Select(p => new StoreColumn(p.GetColumnName(table)!, p.GetColumnType(table)))
            .ToList();
    }

    internal enum Kind { Text, Decimal, Integer, Boolean, Timestamp, Other }

    internal static Kind KindOf(StoreColumn column) => column.StoreType.ToLowerInvariant() switch
    {
        var t when t.StartsWith("character", StringComparison.Ordinal) || t.StartsWith("varchar", StringComparison.Ordinal) || t == "text" => Kind.Text,
        var t when t.StartsWith("numeric", StringComparison.Ordinal) || t.StartsWith("decimal", StringComparison.Ordinal) => Kind.Decimal,
        "integer" or "bigint" or "smallint" or "int" or "int2" or "int4" or "int8" => Kind.Integer,
        "boolean" or "bool" => Kind.Boolean,
        "timestamp with time zone" or "timestamptz" => Kind.Timestamp,
        // Timestamps, dates, floats, arrays, json: exactly the text to_jsonb gives them (ISO 8601 for times).
        _ => Kind.Other,
    };

    /// <summary>A value as text, as JsonElement.ToString gives it from the row's JSON.</summary>
    private static string Text(StoreColumn column, string expression) => KindOf(column) switch
    {
        Kind.Text => expression,
        Kind.Decimal or Kind.Integer or Kind.Boolean => $"{expression}::text",
        _ => $"to_jsonb({expression}) #>> '{{}}'",
    };

    /// <summary>A CSV field: COPY writes numbers as they are; "" becomes null so both are an empty field.</summary>
    private static string CsvValue(StoreColumn column, string expression) => KindOf(column) switch
    {
        Kind.Text => $"NULLIF({expression}, '')",
        Kind.Decimal or Kind.Integer => expression,
        _ => Text(column, expression),
    };

    private static string Key(FactSetDefinition set, Func<string, string> text) =>
        $"concat({string.Join(", '/', ", set.KeyColumns.Select(text))})";

    private static string Order(FactSetDefinition set, string alias) =>
        string.Join(", ", set.KeyColumns.Select(c => $"{alias}.\"{c}\""));

    /// <summary>
    /// One REPEATABLE READ, read-only transaction per pull; its snapshot is the change token. An incremental
    /// pull whose changes may have been pruned is refused here, before anything is written.
    /// </summary>
    private static async Task<(NpgsqlConnection, NpgsqlTransaction, string)> BeginPullAsync(DbContext db, FactSetDefinition set,
        CancellationToken cancellationToken, string? since)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var current = new NpgsqlCommand("SELECT pg_current_snapshot()::text", connection, transaction);
        var snapshot = (string)(await current.ExecuteScalarAsync(cancellationToken))!;
        if (since is not null)
        {
            try
            {
                await ChangeLogRetention.EnsureNotExpiredAsync(connection, transaction, since, cancellationToken);
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
        }
        return (connection, transaction, ChangeToken.Write(set.Table, snapshot));
    }

    private static (Microsoft.EntityFrameworkCore.Metadata.IEntityType, Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier) Entity(DbContext db, FactSetDefinition set)
    {
        var entity = db.Model.GetEntityTypes().FirstOrDefault(e => e.GetTableName() == set.Table)
            ?? throw new InvalidOperationException($"No entity is mapped to {set.Table}");
        return (entity, Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(set.Table, entity.GetSchema()));
    }

    /// <summary>The columns of a fact set as the database has them, with Swedish labels.</summary>
    public static List<FactColumn> Columns(DbContext db, FactSetDefinition set) =>
        StoreColumns(db, set).Select(c => new FactColumn { Name = c.Name, Label = Labels.Swedish(c.Name) }).ToList();
}

/// <summary>The opaque change token: the fact set and the snapshot of the pull that returned it.</summary>
public static class ChangeToken
{
    public static string Write(string table, string snapshot) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{table}|{snapshot}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Read(string token, string table)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            if (parts is ["v1", var t, var snapshot] && t == table && System.Text.RegularExpressions.Regex.IsMatch(snapshot, @"^\d+:\d+:[\d,]*$"))
            {
                return snapshot;
            }
        }
        catch (FormatException)
        {
        }
        throw new ValidationFailedException("change_token", $"is not a change token of fact set {table}; pull without a token for the full set");
    }
}

/// <summary>Swedish column labels for BI, by column name; unknown names keep their own.</summary>
public static class Labels
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["MunicipalityCode"] = "Kommun", ["CommitteeCode"] = "Nämnd", ["Year"] = "År", ["PeriodPoint"] = "Period",
        ["ActivityCode"] = "Verksamhet", ["UnitCode"] = "Enhet", ["Actual"] = "Utfall", ["Budget"] = "Budget",
        ["Forecast"] = "Prognos", ["Costs"] = "Kostnader", ["Income"] = "Intäkter", ["InterventionCost"] = "Insatskostnad",
        ["Allocation"] = "Kommunbidrag", ["Amount"] = "Belopp", ["AreaName"] = "Verksamhetsområde", ["Version"] = "Version",
        ["UpdatedAt"] = "Ändrad", ["AssignmentNumber"] = "Uppdrag", ["Status"] = "Status", ["Comment"] = "Kommentar",
        ["FocusGoalNumber"] = "Fokusmål", ["Assessment"] = "Bedömning", ["Text"] = "Text", ["Value"] = "Värde",
        ["Volume"] = "Volym", ["VolumeKind"] = "Volymslag", ["NetCost"] = "Nettokostnad", ["Id"] = "Id",
        ["Name"] = "Namn", ["Code"] = "Kod", ["DefinitionCode"] = "Nyckeltal", ["InputName"] = "Indata",
        ["operation"] = "Ändring", ["key"] = "Nyckel",
    };

    public static string Swedish(string column) => Known.GetValueOrDefault(column, column);
}

using System.Data;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.ServiceDefaults.Auth;
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
              IF TG_OP = 'DELETE' THEN
                INSERT INTO change_log (table_name, municipality_code, operation, row)
                SELECT TG_TABLE_NAME, to_jsonb(o)->>'MunicipalityCode', 'D', to_jsonb(o) FROM old_rows o;
              ELSE
                INSERT INTO change_log (table_name, municipality_code, operation, row)
                SELECT TG_TABLE_NAME, to_jsonb(n)->>'MunicipalityCode', left(TG_OP, 1), to_jsonb(n) FROM new_rows n;
              END IF;
              RETURN NULL;
            END $$;
            """);
        foreach (var set in factSets)
        {
            // Transition tables allow one event per trigger, so three statement-level triggers per table.
            sql.AppendLine($"""
                CREATE OR REPLACE TRIGGER namnd_change_log_insert AFTER INSERT ON "{set.Table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION namnd_change_log_rows();
                CREATE OR REPLACE TRIGGER namnd_change_log_update AFTER UPDATE ON "{set.Table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION namnd_change_log_rows();
                CREATE OR REPLACE TRIGGER namnd_change_log_delete AFTER DELETE ON "{set.Table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION namnd_change_log_rows();
                """);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Streams a pull: each row to <paramref name="write"/>, then returns the change token. The rows are
    /// read with a forward-only reader and written as they come: memory stays flat however large the set.
    /// </summary>
    public async Task<string> PullAsync(DbContext db, FactSetDefinition set, string municipality, string? changeToken,
        Func<Operation, string, string, Task> write, CancellationToken cancellationToken, Func<string, Task>? tokenKnown = null)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }
        string snapshot;
        await using (var current = new NpgsqlCommand("SELECT pg_current_snapshot()::text", connection, transaction))
        {
            snapshot = (string)(await current.ExecuteScalarAsync(cancellationToken))!;
        }

        var token = ChangeToken.Write(set.Table, snapshot);
        NpgsqlCommand command;
        if (string.IsNullOrEmpty(changeToken))
        {
            var order = string.Join(", ", set.KeyColumns.Select(c => $"\"{c}\""));
            command = new NpgsqlCommand($"""SELECT 'I', to_jsonb(t)::text FROM "{set.Table}" t WHERE "MunicipalityCode" = @m ORDER BY {order}""", connection, transaction);
        }
        else
        {
            var since = ChangeToken.Read(changeToken, set.Table);
            command = new NpgsqlCommand("""
                SELECT operation, row::text FROM change_log
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
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var operation = reader.GetString(0) switch { "I" => Operation.Insert, "U" => Operation.Update, _ => Operation.Delete };
                var row = reader.GetString(1);
                await write(operation, Key(row, set), row);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    private static string Key(string rowJson, FactSetDefinition set)
    {
        using var row = JsonDocument.Parse(rowJson);
        return string.Join("/", set.KeyColumns.Select(c => row.RootElement.TryGetProperty(c, out var v) ? v.ToString() : ""));
    }

    /// <summary>The columns of a fact set as the database has them, with Swedish labels.</summary>
    public static List<FactColumn> Columns(DbContext db, FactSetDefinition set)
    {
        var entity = db.Model.GetEntityTypes().FirstOrDefault(e => e.GetTableName() == set.Table)
            ?? throw new InvalidOperationException($"No entity is mapped to {set.Table}");
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(set.Table, entity.GetSchema());
        return entity.GetProperties()
            .Select(p => p.GetColumnName(table))
            .Where(c => c is not null)
            .Select(c => new FactColumn { Name = c!, Label = Labels.Swedish(c!) })
            .ToList();
    }
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
        throw new Grpc.ValidationFailedException("change_token", $"is not a change token of fact set {table}; pull without a token for the full set");
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
    };

    public static string Swedish(string column) => Known.GetValueOrDefault(column, column);
}

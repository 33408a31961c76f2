using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>
/// Kommunledningskontoret's own records — the activity register and the names — as JSON (RecordActivityCodes,
/// RecordMunicipalityNames) or as the municipality's CSV file: one way of storing them for both.
/// </summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<ImportResult> ImportMunicipalityCsv(ImportMunicipalityCsvRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        if (request.Content.IsEmpty)
        {
            v.Add("content", "is required: the CSV file's bytes (base64 in JSON)");
        }
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var batch = await CsvImport.ParseAsync(new MemoryStream(request.Content.ToByteArray(), writable: false), ct, scope: CsvScope.Municipality);
        var errors = new List<FieldViolation>();
        Once(errors, batch.ActivityCodes, c => c.Code, c => c.Line, "activity code");
        Once(errors, batch.CommitteeNames, c => c.Committee, c => c.Line, "committee");
        Once(errors, batch.MunicipalityNames, _ => "", m => m.Line, "municipality name");
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var (_, codesChanged) = await RegisterActivityCodesAsync(municipality, batch.ActivityCodes.Select(c => (c.Code, c.Name, c.ScbCode)).ToList(), ct);
        var namesChanged = await RegisterNamesAsync(municipality, batch.MunicipalityNames.Count == 0 ? null : batch.MunicipalityNames[0].Name,
            batch.CommitteeNames.Select(c => (c.Committee, c.Name)).ToList(), ct);
        if (!request.DryRun)
        {
            await db.SaveChangesOrAbortAsync(ct);
        }
        return new ImportResult { Lines = batch.Lines, RowsChanged = codesChanged + namesChanged, DryRun = request.DryRun };
    }

    /// <summary>Adds or renames the municipality's activity codes (saved by the caller): the whole register, and how many rows changed.</summary>
    private async Task<(IReadOnlyCollection<Domain.ActivityCodeDefinition> Register, int Changed)> RegisterActivityCodesAsync(string municipality,
        IReadOnlyCollection<(string Code, string Name, string? Scb)> rows, CancellationToken ct)
    {
        var existing = await db.ActivityCodes.Where(c => c.MunicipalityCode == municipality).ToDictionaryAsync(c => c.Code, ct);
        var changed = 0;
        foreach (var (code, name, scb) in rows)
        {
            if (!existing.TryGetValue(code, out var definition))
            {
                definition = Domain.ActivityCodeDefinition.Create(municipality, code);
                db.ActivityCodes.Add(definition);
                existing[code] = definition;
            }
            changed += definition.Record(name, scb) ? 1 : 0;
        }
        return (existing.Values, changed);
    }

    /// <summary>Records the municipality's name (when given) and its committees' (saved by the caller); how many rows changed.</summary>
    private async Task<int> RegisterNamesAsync(string municipality, string? name, IReadOnlyCollection<(string Code, string Name)> committees, CancellationToken ct)
    {
        var changed = 0;
        if (name is not null)
        {
            var stored = await db.MunicipalityNames.SingleOrDefaultAsync(m => m.MunicipalityCode == municipality, ct);
            if (stored is null)
            {
                stored = Domain.MunicipalityName.Create(municipality);
                db.MunicipalityNames.Add(stored);
            }
            changed += stored.Record(name) ? 1 : 0;
        }
        var codes = committees.Select(c => c.Code).ToList();
        var storedCommittees = await db.CommitteeNames.Where(c => c.MunicipalityCode == municipality && codes.Contains(c.CommitteeCode)).ToListAsync(ct);
        foreach (var (code, committeeName) in committees)
        {
            var stored = storedCommittees.SingleOrDefault(c => c.CommitteeCode == code);
            if (stored is null)
            {
                stored = Domain.CommitteeName.Create(municipality, code);
                db.CommitteeNames.Add(stored);
                storedCommittees.Add(stored);
            }
            changed += stored.Record(committeeName) ? 1 : 0;
        }
        return changed;
    }

    /// <summary>A record the file gives twice is refused on its second line: which of the two is meant cannot be told.</summary>
    private static void Once<T>(List<FieldViolation> errors, IEnumerable<T> rows, Func<T, string> key, Func<T, int> line, string what)
    {
        foreach (var group in rows.GroupBy(key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var row in group.Skip(1))
            {
                errors.Add(new FieldViolation($"line {line(row)}", $"the same {what} as line {line(group.First())}; each may appear once per file"));
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;
using Domain = NamndFollowUp.KeyFigures.Domain;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// Stores a read Kolada upload for the municipality that imports it, whichever way it came (the content field
/// of ImportKoladaValues, or the response posted as it is to kolada-values:upload): a value again replaces it,
/// a value Kolada reports as deleted is removed, all in one SaveChanges.
/// </summary>
public sealed class KoladaImport(KeyFiguresDbContext db, TimeProvider time)
{
    public async Task<ImportKoladaValuesResponse> StoreAsync(string municipality, Domain.KoladaUpload upload, CancellationToken ct)
    {
        var rows = upload.Rows;
        var duplicates = rows.GroupBy(r => (r.KpiId, r.AreaId, r.Year, r.Gender)).Where(g => g.Count() > 1).Select(g => g.Key).Take(100).ToList();
        if (duplicates.Count > 0)
        {
            throw new ValidationFailedException(duplicates.Select(d =>
                new FieldViolation("content", $"{d.KpiId} {d.AreaId} {d.Year} {d.Gender} is given more than once (overlapping pages?)")).ToList());
        }

        var kpis = rows.Select(r => r.KpiId).Distinct().ToList();
        var years = rows.Select(r => r.Year).Distinct().ToList();
        var existing = (await db.KoladaValues.Where(x => x.MunicipalityCode == municipality && kpis.Contains(x.KpiId) && years.Contains(x.Year)).ToListAsync(ct))
            .ToDictionary(x => (x.KpiId, x.AreaId, x.Year, x.Gender));
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var row in rows)
        {
            var found = existing.TryGetValue((row.KpiId, row.AreaId, row.Year, row.Gender), out var value);
            if (row.Deleted)
            {
                if (found)
                {
                    db.KoladaValues.Remove(value!);
                }
                deleted++;
                continue;
            }
            if (!found)
            {
                value = Domain.KoladaValue.Create(municipality, row.KpiId, row.AreaId, row.Year, row.Gender);
                db.KoladaValues.Add(value);
            }
            value!.Set(row.Value, row.Count, row.Status, now);
        }
        await db.SaveChangesOrAbortAsync(ct);
        return new ImportKoladaValuesResponse
        {
            Imported = rows.Count - deleted,
            KpiIds = { kpis },
            Pages = upload.Pages,
            NextUrl = upload.NextUrl ?? "",
            Deleted = deleted,
            WithStatus = rows.Count(r => !r.Deleted && r.Status.Length > 0),
        };
    }
}

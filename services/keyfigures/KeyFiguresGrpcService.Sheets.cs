using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.KeyFigures.Documents;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using Domain = NamndFollowUp.KeyFigures.Domain;

namespace NamndFollowUp.KeyFigures;

public sealed partial class KeyFiguresGrpcService
{
    public override async Task<KeyFigureDefinition> DefineKeyFigure(DefineKeyFigureRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var d = request.Definition;
        if (d is null)
        {
            v.Add("definition", "is required");
            v.ThrowIfInvalid();
        }
        var code = v.Code("definition.code", d!.Code, 64);
        var activity = v.Code("definition.activity_code", d.ActivityCode);
        v.ThrowIfInvalid();
        var draft = new Domain.KeyFigureDefinition.Draft(code, d.Name.Trim(), (Domain.KeyFigureCategory)d.Category, activity,
            d.ActivityName.Trim(), d.ParentCode.Trim(), d.Formula, d.Unit.Trim(), ToDomain(d.Presentation), d.KoladaKpiId.Trim(), d.SortOrder,
            d.Inputs.Select(i => new Domain.InputDefinition
            {
                Name = i.Name.Trim(), Label = i.Label.Trim(), Kind = (Domain.InputKind)i.Kind,
                Formula = i.Kind == InputKind.Computed ? i.Formula : null,
                ActivityCode = i.Kind == InputKind.Economy ? i.ActivityCode.Trim() : null,
                UnitCode = i.Kind == InputKind.Economy ? i.UnitCode.Trim() : null,
                Measure = i.Kind == InputKind.Economy ? (Domain.EconomyMeasure)i.Measure : null,
                ZeroMeansNotComputable = i.ZeroMeansNotComputable,
                DisplayScale = ToDomain(i.Presentation).Scale, DisplayDecimals = ToDomain(i.Presentation).Decimals,
                Footnote = string.IsNullOrWhiteSpace(i.Footnote) ? null : i.Footnote.Trim(),
            }).ToList());
        // The domain names every problem with its field, relative to the definition.
        try
        {
            Domain.KeyFigureDefinition.Validate(draft);
        }
        catch (ValidationFailedException e)
        {
            throw new ValidationFailedException(e.Violations.Select(x => new FieldViolation($"definition.{x.Field}", x.Description)).ToList());
        }

        var ct = context.CancellationToken;
        return await db.RetryOrAbortAsync(async () =>
        {
            await DefinitionLock.ExclusiveAsync(db, municipality, ct);
            var now = time.GetUtcNow();
            var definition = await db.Definitions.SingleOrDefaultAsync(x => x.MunicipalityCode == municipality && x.Code == code, ct);
            if (definition is null)
            {
                definition = Domain.KeyFigureDefinition.Create(municipality, draft, now);
                db.Definitions.Add(definition);
            }
            else
            {
                definition.Redefine(draft, now);
            }
            await recomputation.RecomputeEverywhereAsync(definition, ct);
            await db.SaveChangesAsync(ct);
            return ToProto(definition);
        }, ct);
    }

    public override async Task<ListKeyFigureDefinitionsResponse> ListKeyFigureDefinitions(ListKeyFigureDefinitionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.ThrowIfInvalid();
        var definitions = await recomputation.DefinitionsAsync(municipality, context.CancellationToken);
        return new ListKeyFigureDefinitionsResponse { Definitions = { definitions.Select(ToProto) } };
    }

    public override async Task<KeyFigureSheet> RecordKeyFigureInputs(RecordKeyFigureInputsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        if (request.Values.Count == 0)
        {
            v.Add("values", "at least one value is required");
        }
        var source = request.Source == InputSource.Imported ? Domain.InputSource.Imported : Domain.InputSource.Entered;
        var rows = request.Values.Select((x, i) => (Index: i, Definition: x.DefinitionCode.Trim(), Input: x.Input.Trim(),
            Value: v.Amount($"values[{i}].value", x.Value))).ToList();
        v.ThrowIfInvalid();

        var definitions = await recomputation.DefinitionsAsync(municipality, ct);
        var byCode = definitions.ToDictionary(d => d.Code);
        foreach (var row in rows)
        {
            var field = $"values[{row.Index}]";
            if (!byCode.TryGetValue(row.Definition, out var definition))
            {
                v.Add($"{field}.definition_code", $"no key figure '{row.Definition}' is defined for municipality {municipality}");
            }
            else if (definition.Inputs.FirstOrDefault(i => i.Name == row.Input) is not { } input)
            {
                v.Add($"{field}.input", $"key figure '{row.Definition}' has no input '{row.Input}'; its inputs are {string.Join(", ", definition.Inputs.Select(i => i.Name))}");
            }
            else if (input.Kind != Domain.InputKind.Entered)
            {
                v.Add($"{field}.input", $"'{row.Input}' of '{row.Definition}' is {(input.Kind == Domain.InputKind.Computed ? "computed" : "taken from the economy service")} and cannot be entered");
            }
            else if (row.Value < 0 && input.ZeroMeansNotComputable)
            {
                // A volume that is divided by cannot be negative; a stated change can.
                v.Add($"{field}.value", $"'{row.Input}' is a volume and cannot be negative, got {row.Value.ToString(CultureInfo.InvariantCulture)}");
            }
        }
        foreach (var duplicate in rows.GroupBy(r => (r.Definition, r.Input)).Where(g => g.Count() > 1))
        {
            v.Add($"values[{duplicate.Last().Index}]", $"'{duplicate.Key.Input}' of '{duplicate.Key.Definition}' is given more than once");
        }
        v.ThrowIfInvalid();

        // Economy's events recompute the same stored values concurrently; on a conflict the request runs again.
        return await db.RetryOrAbortAsync(() => StoreInputs(municipality, committee, period, rows, source, definitions, ct), ct);
    }

    private async Task<KeyFigureSheet> StoreInputs(string municipality, string committee, PeriodKey period,
        List<(int Index, string Definition, string Input, decimal Value)> rows, Domain.InputSource source,
        List<Domain.KeyFigureDefinition> definitions, CancellationToken ct)
    {
        var report = await FindReport(municipality, committee, period, ct);
        report?.EnsureEditable();

        var existing = await db.EnteredInputs.Where(x => x.MunicipalityCode == municipality && x.CommitteeCode == committee
            && x.Year == period.Year && x.PeriodPoint == period.Point).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            var entered = existing.SingleOrDefault(x => x.DefinitionCode == row.Definition && x.InputName == row.Input);
            if (entered is null)
            {
                entered = Domain.EnteredInput.Create(municipality, committee, period.Year, period.Point, row.Definition, row.Input);
                db.EnteredInputs.Add(entered);
            }
            entered.Set(row.Value, source, now);
        }
        var affected = rows.Select(r => r.Definition).ToHashSet();
        await recomputation.RecomputeAsync(municipality, committee, period.Year, period.Point,
            definitions.Where(d => affected.Contains(d.Code)).ToList(), ct);
        await db.SaveChangesAsync(ct);
        return await Sheet(municipality, committee, period, ct);
    }

    public override async Task<KeyFigureSheet> GetKeyFigureSheet(GetKeyFigureSheetRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();
        return await Sheet(municipality, committee, period, context.CancellationToken);
    }

    public override async Task<Google.Api.HttpBody> GetKeyFigureSheetDocument(GetKeyFigureSheetRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        v.ThrowIfInvalid();
        var report = await FindReport(municipality, committee, period, context.CancellationToken);
        var sheet = await Sheet(municipality, committee, period, context.CancellationToken, report);
        return new Google.Api.HttpBody
        {
            ContentType = "text/html; charset=utf-8",
            Data = Google.Protobuf.ByteString.CopyFromUtf8(SheetDocument.Render(sheet, period, reportExists: report is not null,
                await names.CommitteeAsync(municipality, committee, context.CancellationToken))),
        };
    }

    public override async Task<Google.Api.HttpBody> GetKeyFigureSheetPdf(GetKeyFigureSheetRequest request, ServerCallContext context)
    {
        var html = await GetKeyFigureSheetDocument(request, context);
        var pdf = await pdfPrinter.PrintAsync(html.Data.ToStringUtf8(), context.CancellationToken);
        return new Google.Api.HttpBody { ContentType = "application/pdf", Data = Google.Protobuf.ByteString.CopyFrom(pdf) };
    }

    internal Task<Domain.KeyFigureReport?> FindReport(string m, string c, PeriodKey period, CancellationToken ct) =>
        db.Reports.SingleOrDefaultAsync(r => r.MunicipalityCode == m && r.CommitteeCode == c && r.Year == period.Year && r.PeriodPoint == period.Point, ct);

    /// <summary>The sheet as it stands: computed from the unit of work's inputs, with the stored values' adoption state.</summary>
    internal async Task<KeyFigureSheet> Sheet(string m, string c, PeriodKey period, CancellationToken ct, Domain.KeyFigureReport? report = null)
    {
        var definitions = await recomputation.DefinitionsAsync(m, ct);
        var entries = await recomputation.RecomputeAsync(m, c, period.Year, period.Point, definitions, ct, lockValues: false);
        report ??= await FindReport(m, c, period, ct);
        var priorYear = await db.ComputedKeyFigures.AsNoTracking()
            .Where(x => x.MunicipalityCode == m && x.CommitteeCode == c && x.Year == period.Year - 1 && x.PeriodPoint == period.Point && x.Value != null)
            .ToDictionaryAsync(x => x.DefinitionCode, x => x.Value!.Value, ct);
        var sheet = new KeyFigureSheet
        {
            MunicipalityCode = m,
            CommitteeCode = c,
            Period = period.ToProto(),
            Report = report?.Lifecycle.ToProto() ?? NoReportYet,
        };
        foreach (var entry in entries)
        {
            sheet.Values.Add(ToProto(entry, priorYear.TryGetValue(entry.Definition.Code, out var prior) ? prior : null));
        }
        return sheet;
    }

    private static (string, string, PeriodKey) Scope(RequestValidator v, string municipality, string committee, Contracts.Common.V1.Period? period) =>
        (v.MunicipalityCode("municipality_code", municipality), v.Code("committee_code", committee), v.Period("period", period));

    private static Domain.Presentation ToDomain(Presentation? p) =>
        new(p is null || p.DisplayScale == 0 ? 1 : p.DisplayScale, p?.DisplayDecimals ?? 0);

    private static Presentation ToProto(Domain.Presentation p) => new() { DisplayScale = (long)p.Scale, DisplayDecimals = p.Decimals };

    private static KeyFigureDefinition ToProto(Domain.KeyFigureDefinition d) => new()
    {
        Code = d.Code,
        Name = d.Name,
        Category = (Category)d.Category,
        ActivityCode = d.ActivityCode,
        ActivityName = d.ActivityName,
        ParentCode = d.ParentCode ?? "",
        Formula = d.Formula,
        Unit = d.Unit,
        Presentation = ToProto(d.Presentation),
        KoladaKpiId = d.KoladaKpiId ?? "",
        SortOrder = d.SortOrder,
        Inputs =
        {
            d.Inputs.Select(i => new InputDefinition
            {
                Name = i.Name, Label = i.Label, Kind = (InputKind)i.Kind, Formula = i.Formula ?? "",
                ActivityCode = i.ActivityCode ?? "", UnitCode = i.UnitCode ?? "", Measure = (Measure)(i.Measure ?? 0),
                ZeroMeansNotComputable = i.ZeroMeansNotComputable, Presentation = ToProto(i.Presentation), Footnote = i.Footnote ?? "",
            }),
        },
    };

    /// <summary>Entered inputs may change before the committee starts its report, so a sheet without one reads as draft version 1.</summary>
    internal static ReportState NoReportYet => new() { Status = ReportStatus.Draft, Version = 1 };

    private static ComputedValue ToProto(SheetEntry e, decimal? priorYear)
    {
        var (d, c, stored) = (e.Definition, e.Computation, e.Stored);
        var value = new ComputedValue
        {
            DefinitionCode = d.Code,
            Name = d.Name,
            Category = (Category)d.Category,
            ActivityCode = d.ActivityCode,
            ActivityName = d.ActivityName,
            ParentCode = d.ParentCode ?? "",
            Unit = d.Unit,
            Value = c.Value.ToProto(),
            ValueShown = c.Shown,
            Computable = c.Computable,
            NotComputableReason = c.NotComputableReason ?? "",
            ChangedAfterAdoption = stored.ChangedAfterAdoption,
            AdoptedValue = stored.WasAdopted ? stored.AdoptedValue.ToProto() : null,
            AdoptedValueShown = stored.WasAdopted ? stored.AdoptedShown ?? "" : "",
            PriorYearValue = priorYear.ToProto(),
        };
        if (c.Value is { } now && priorYear is { } before)
        {
            value.Change = (now - before).ToProto();
            if (before != 0)
            {
                value.ChangePercent = Math.Round((now - before) / before * 100, 1, MidpointRounding.AwayFromZero).ToProto();
            }
        }
        var footnotes = d.Inputs.ToDictionary(i => i.Name, i => i.Footnote ?? "");
        value.Inputs.AddRange(c.Inputs.Select(i => new InputValue
        {
            Name = i.Name, Label = i.Label, Kind = (InputKind)i.Kind, Value = i.Value.ToProto(), ValueShown = i.Shown,
            NotComputableReason = i.NotComputableReason ?? "", SourceVersion = i.SourceVersion, Footnote = footnotes[i.Name],
        }));
        value.RoundingNotes.AddRange(c.RoundingNotes.Select(n => new RoundingNote
        {
            Input = n.Input, Label = n.Label, Shown = n.Shown.ToProto(), FromShownParts = n.FromShownParts.ToProto(),
            Difference = n.Difference.ToProto(), Text = n.Text,
        }));
        return value;
    }
}

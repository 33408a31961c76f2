using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;
using Domain = NamndFollowUp.KeyFigures.Domain;

namespace NamndFollowUp.KeyFigures;

public sealed partial class KeyFiguresGrpcService
{
    public override async Task<ComparisonGroup> DefineComparisonGroup(DefineComparisonGroupRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var groupId = v.Code("group_id", request.GroupId);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            v.Add("name", "is required");
        }
        if (request.Members.Count == 0)
        {
            v.Add("members", "a group needs at least one member municipality");
        }
        var members = request.Members.Select((code, i) => v.MunicipalityCode($"members[{i}]", code)).ToList();
        v.ThrowIfInvalid();

        var group = await db.ComparisonGroups.SingleOrDefaultAsync(g => g.MunicipalityCode == municipality && g.GroupId == groupId, context.CancellationToken);
        if (group is null)
        {
            group = Domain.ComparisonGroup.Create(municipality, groupId);
            db.ComparisonGroups.Add(group);
        }
        group.Define(request.Name.Trim(), members, time.GetUtcNow());
        await db.SaveChangesOrAbortAsync(context.CancellationToken);
        return new ComparisonGroup { GroupId = group.GroupId, Name = group.Name, Members = { group.Members } };
    }

    public override Task<ImportKoladaValuesResponse> ImportKoladaValues(ImportKoladaValuesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        v.ThrowIfInvalid();
        return new KoladaImport(db, time).StoreAsync(municipality, Domain.KoladaFile.Read(request.Content), context.CancellationToken);
    }

    public override async Task<KeyFigureComparison> CompareKeyFigure(CompareKeyFigureRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new RequestValidator();
        var (municipality, committee, period) = Scope(v, request.MunicipalityCode, request.CommitteeCode, request.Period);
        var code = v.Code("definition_code", request.DefinitionCode, 64);
        v.ThrowIfInvalid();
        var definition = await db.Definitions.AsNoTracking().SingleOrDefaultAsync(d => d.MunicipalityCode == municipality && d.Code == code, ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No key figure '{code}' is defined for municipality {municipality}"));
        if (definition.KoladaKpiId is not { } kpi)
        {
            throw new ValidationFailedException("definition_code", $"key figure '{code}' is not mapped to a Kolada KPI; define it with kolada_kpi_id");
        }
        var own = await db.ComputedKeyFigures.AsNoTracking().SingleOrDefaultAsync(x => x.MunicipalityCode == municipality
            && x.CommitteeCode == committee && x.Year == period.Year && x.PeriodPoint == period.Point && x.DefinitionCode == code, ct);
        var stored = await db.KoladaValues.AsNoTracking()
            .Where(x => x.MunicipalityCode == municipality && x.KpiId == kpi && x.Year == period.Year && x.Gender == "T" && x.Value != null)
            .Select(x => new { x.AreaId, x.Value, x.Status })
            .ToListAsync(ct);
        var values = stored.ToDictionary(x => x.AreaId, x => x.Value!.Value);
        var statuses = stored.Where(x => x.Status != "").ToDictionary(x => x.AreaId, x => x.Status);
        var groups = await db.ComparisonGroups.AsNoTracking().Where(g => g.MunicipalityCode == municipality).OrderBy(g => g.GroupId).ToListAsync(ct);

        var comparisons = groups.Select(g => Domain.Comparison.Compare(municipality, own?.Value, g.GroupId, g.Name, g.Members, values, statuses)).ToList();
        var country = values.Keys.Where(k => k.Length == 4 && k.All(char.IsAsciiDigit) && k != Domain.Comparison.Country).ToList();
        if (country.Count > 0 || values.ContainsKey(Domain.Comparison.Country))
        {
            comparisons.Add(Domain.Comparison.Compare(municipality, own?.Value, Domain.Comparison.Country, "Riket", country, values, statuses));
        }
        var response = new KeyFigureComparison
        {
            DefinitionCode = code,
            KoladaKpiId = kpi,
            Value = own?.Value.ToProto(),
            ValueShown = own?.Shown ?? "",
        };
        response.Groups.AddRange(comparisons.Select(c => new GroupComparison
        {
            GroupId = c.GroupId, Name = c.Name, GroupValue = c.GroupValue.ToProto(), GroupValueFromMembers = c.GroupValueFromMembers,
            Members = c.Members, Difference = c.Difference.ToProto(),
            DifferencePercent = c.DifferencePercent is { } p ? Math.Round(p, 1, MidpointRounding.AwayFromZero).ToProto() : null,
            Rank = c.Rank ?? 0, Ranked = c.Ranked, Status = c.GroupStatus,
            Values = { c.Values.Select(x => new ComparedKoladaValue { AreaId = x.AreaId, Value = x.Value.ToProto(), Status = x.Status }) },
        }));
        return response;
    }
}

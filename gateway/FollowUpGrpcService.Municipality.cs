using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Gateway;

public sealed partial class FollowUpGrpcService
{
    /// <summary>
    /// The whole municipality for a period, composed like the committee view: the three municipality-wide
    /// reads in parallel, each under its own deadline, a part that fails marked missing. Planning has no
    /// municipality-wide status list, so its part is the year's plan and then every assignment's statuses
    /// per committee, asked in parallel — all within the planning part's one deadline. Beside them, each
    /// committee's adoption (<see cref="AdoptionComposition.StatesAsync"/>).
    /// </summary>
    public override async Task<MunicipalityFollowUp> GetMunicipalityFollowUp(GetMunicipalityFollowUpRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var period = v.Period("period", request.Period);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;

        var economyPart = Part("economy", c => economy.ListMunicipalityResultsAsync(new ListMunicipalityResultsRequest
        {
            MunicipalityCode = request.MunicipalityCode, Period = request.Period,
        }, cancellationToken: c).ResponseAsync, ct);
        var planningPart = Part("planning", c => AssignmentStatusesOf(request, c), ct);
        var keyFiguresPart = Part("keyfigures", c => keyFigures.ListMunicipalityKeyFiguresAsync(new ListMunicipalityKeyFiguresRequest
        {
            MunicipalityCode = request.MunicipalityCode, Period = request.Period,
        }, cancellationToken: c).ResponseAsync, ct);
        // Each committee's adoption: every service asked once for all its committees, beside the three parts.
        var adoptions = adoption.StatesAsync(request.MunicipalityCode, period.ToProto(), ct);
        await Task.WhenAll(economyPart, planningPart, keyFiguresPart, adoptions);
        var adoptionOf = await adoptions;

        var results = economyPart.Result.Value;
        var statuses = planningPart.Result.Value;
        var figures = keyFiguresPart.Result.Value;
        var committees = (results?.Committees.Select(r => r.CommitteeCode) ?? [])
            .Concat(statuses?.SelectMany(s => s.Committees).Select(c => c.CommitteeCode) ?? [])
            .Concat(figures?.Committees.Select(c => c.CommitteeCode) ?? [])
            .Distinct().Order(StringComparer.Ordinal);

        var answer = new MunicipalityFollowUp
        {
            MunicipalityCode = request.MunicipalityCode,
            Period = period.ToProto(),
            Economy = economyPart.Result.Part,
            Planning = planningPart.Result.Part,
            KeyFigures = keyFiguresPart.Result.Part,
            Total = results?.Total,
        };
        foreach (var committee in committees)
        {
            var overview = new CommitteeOverview
            {
                CommitteeCode = committee,
                Result = results?.Committees.FirstOrDefault(r => r.CommitteeCode == committee),
                Adoption = adoptionOf(committee),
            };
            if (statuses is not null)
            {
                var mine = statuses.SelectMany(s => s.Committees).Where(c => c.CommitteeCode == committee).ToList();
                overview.Assignments = mine.Count;
                overview.AssignmentsReported = mine.Count(c => c.Reported);
                overview.AssignmentStatuses.AddRange(mine.Where(c => c.Reported).GroupBy(c => c.Status).OrderBy(g => g.Key)
                    .Select(g => new AssignmentStatusCount { Status = g.Key, Count = g.Count() }));
            }
            if (figures is not null)
            {
                overview.KeyFigures.AddRange(figures.Rows.Select(row => (row, cell: row.Cells.FirstOrDefault(c => c.CommitteeCode == committee)))
                    .Where(x => x.cell is not null)
                    .Select(x => new KeyFigure
                    {
                        ActivityCode = x.row.ActivityCode,
                        DefinitionCode = x.row.DefinitionCode,
                        Name = x.row.Name,
                        Value = x.cell!.Value,
                        ValueShown = x.cell.ValueShown,
                        NotComputableReason = x.cell.NotComputableReason,
                    }));
            }
            answer.Committees.Add(overview);
        }
        return answer;
    }

    private async Task<ListAssignmentStatusesByCommitteeResponse[]> AssignmentStatusesOf(GetMunicipalityFollowUpRequest request, CancellationToken ct)
    {
        var plan = await planning.GetPlanAsync(new GetPlanRequest { MunicipalityCode = request.MunicipalityCode, Year = request.Period.Year },
            cancellationToken: ct);
        return await Task.WhenAll(plan.Assignments.Select(a => planning.ListAssignmentStatusesByCommitteeAsync(new ListAssignmentStatusesByCommitteeRequest
        {
            MunicipalityCode = request.MunicipalityCode, AssignmentNumber = a.Number, Period = request.Period,
        }, cancellationToken: ct).ResponseAsync));
    }
}

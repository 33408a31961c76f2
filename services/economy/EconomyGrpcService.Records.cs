using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;
using Domain = NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy;

/// <summary>
/// Every record kind written as JSON or gRPC: the request becomes the same <see cref="ImportBatch"/> a CSV file does,
/// so the merge, the rules and all-or-nothing are the importer's. Each record gets a number in place of a line,
/// and a violation the merge reports on "line N" is answered on the record's field path instead.
/// </summary>
public sealed partial class EconomyGrpcService
{
    public override async Task<ImportResult> RecordEconomyRecords(RecordEconomyRecordsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var municipality = v.MunicipalityCode("municipality_code", request.MunicipalityCode);
        var committee = v.Code("committee_code", request.CommitteeCode);
        var records = new RecordPaths();
        var batch = new ImportBatch();
        var periodic = request.Figures.Count + request.Allocations.Count + request.BudgetAdjustments.Count + request.SavingsDecisions.Count
            + request.Narratives.Count + request.StatedDeviations.Count + request.DeviationItems.Count + (request.Investment is null ? 0 : 1)
            + (DescribesReport(request) ? 1 : 0);
        var period = periodic > 0 || request.Period is not null ? v.Period("period", request.Period) : default;
        if (periodic + request.Units.Count + request.LayoutAreas.Count == 0)
        {
            v.Add("records", "at least one record is required");
        }

        if (DescribesReport(request))
        {
            batch.Reports.Add((records.Next(request.ForecastName.Length > 0 ? "forecast_name" : "prepared_by"), period, new Domain.ReportDetails(
                request.ForecastName.Length == 0 ? null : Text(v, "forecast_name", request.ForecastName, 200),
                request.PreparedBy.Length == 0 ? null : Line(v, "prepared_by", request.PreparedBy, Domain.ReportDetails.PreparedByMaxLength),
                request.DocumentDate.Length == 0 ? null : Date(v, "document_date", request.DocumentDate),
                request.CommitteeMeetingDate.Length == 0 ? null : Date(v, "committee_meeting_date", request.CommitteeMeetingDate))));
        }
        foreach (var (u, i) in request.Units.Select((u, i) => (u, i)))
        {
            var path = $"units[{i}]";
            var kind = Enum.TryParse<Domain.UnitKind>(u.Kind, true, out var k) && Enum.IsDefined(k) && !int.TryParse(u.Kind, out _) ? k : Invalid(v, $"{path}.kind", $"must be department, division or unit, got '{InputLimits.Shorten(u.Kind)}'", Domain.UnitKind.Unit);
            batch.Units.Add((records.Next(path), Code(v, $"{path}.code", u.Code), Text(v, $"{path}.name", u.Name, DomainLimits.NameMaxLength), kind,
                u.ParentCode.Length == 0 ? null : Code(v, $"{path}.parent_code", u.ParentCode)));
        }
        foreach (var (f, i) in request.Figures.Select((f, i) => (f, i)))
        {
            var path = $"figures[{i}]";
            batch.Figures.Add((records.Next(path), period, Code(v, $"{path}.activity_code", f.ActivityCode), f.UnitCode.Length == 0 ? "" : Code(v, $"{path}.unit_code", f.UnitCode),
                new Domain.FigureMeasures(v.OptionalAmount($"{path}.actual", f.Actual), v.OptionalAmount($"{path}.budget", f.Budget), v.OptionalAmount($"{path}.forecast", f.Forecast),
                    v.OptionalAmount($"{path}.costs", f.Costs), v.OptionalAmount($"{path}.income", f.Income), v.OptionalAmount($"{path}.intervention_cost", f.InterventionCost),
                    v.OptionalAmount($"{path}.intervention_cost_budget", f.InterventionCostBudget), v.OptionalAmount($"{path}.intervention_cost_forecast", f.InterventionCostForecast))));
        }
        foreach (var (a, i) in request.Allocations.Select((a, i) => (a, i)))
        {
            var path = $"allocations[{i}]";
            batch.Allocations.Add((records.Next(path), period, Text(v, $"{path}.area_name", a.AreaName, 200), a.SortOrder, v.Amount($"{path}.amount", a.Amount),
                v.OptionalAmount($"{path}.forecast_amount", a.ForecastAmount), Codes(v, $"{path}.activity_codes", a.ActivityCodes)));
        }
        foreach (var (a, i) in request.BudgetAdjustments.Select((a, i) => (a, i)))
        {
            var path = $"budget_adjustments[{i}]";
            batch.Adjustments.Add((records.Next(path), period, Text(v, $"{path}.area_name", a.AreaName, 200), v.Amount($"{path}.amount", a.Amount),
                Domain.BudgetAdjustment.DecisionBody(a.DecidedBy) ?? Invalid(v, $"{path}.decided_by", $"must be one of {string.Join(", ", Domain.BudgetAdjustment.DecisionBodies)}, got '{InputLimits.Shorten(a.DecidedBy)}'", ""),
                Text(v, $"{path}.reference", a.Reference, 60), Text(v, $"{path}.reason", a.Reason, 2000), a.DecidedOn.Length == 0 ? null : Date(v, $"{path}.decided_on", a.DecidedOn)));
        }
        foreach (var (l, i) in request.LayoutAreas.Select((l, i) => (l, i)))
        {
            var path = $"layout_areas[{i}]";
            batch.LayoutAreas.Add((records.Next(path), Code(v, $"{path}.layout", l.Layout), Text(v, $"{path}.area_name", l.AreaName, 200), l.SortOrder, Codes(v, $"{path}.activity_codes", l.ActivityCodes)));
        }
        if (request.Investment is { } investment)
        {
            batch.Investments.Add((records.Next("investment"), period, v.OptionalAmount("investment.municipal_budget", investment.MunicipalBudget),
                v.OptionalAmount("investment.outcome", investment.Outcome), v.OptionalAmount("investment.forecast", investment.Forecast),
                investment.Comment.Length == 0 ? null : Text(v, "investment.comment", investment.Comment, DomainLimits.TextMaxLength)));
        }
        foreach (var (d, i) in request.SavingsDecisions.Select((d, i) => (d, i)))
        {
            var path = $"savings_decisions[{i}]";
            var reference = Text(v, $"{path}.reference", d.Reference, 60);
            var decidedOn = Date(v, $"{path}.decided_on", d.DecidedOn);
            var decidedBy = Text(v, $"{path}.decided_by", d.DecidedBy, 200);
            batch.SavingsDecisions.Add((records.Next(path), period, reference, decidedOn, decidedBy, v.OptionalAmount($"{path}.full_year_effect", d.FullYearEffect),
                v.OptionalAmount($"{path}.effect_this_year", d.EffectThisYear), d.Requirement.Length == 0 ? null : Text(v, $"{path}.requirement", d.Requirement, 200),
                v.OptionalAmount($"{path}.requirement_amount", d.RequirementAmount), v.OptionalAmount($"{path}.achieved_effect", d.AchievedEffect),
                d.Description.Length == 0 ? null : Text(v, $"{path}.description", d.Description, DomainLimits.TextMaxLength)));
            foreach (var (m, j) in d.Measures.Select((m, j) => (m, j)))
            {
                var measure = $"{path}.measures[{j}]";
                batch.Savings.Add((records.Next(measure), period, reference, decidedOn, decidedBy, Text(v, $"{measure}.name", m.Name, 500), m.DecidedByCommittee,
                    v.OptionalAmount($"{measure}.full_year_effect", m.FullYearEffect), v.OptionalAmount($"{measure}.effect_this_year", m.EffectThisYear)));
            }
        }
        foreach (var (n, i) in request.Narratives.Select((n, i) => (n, i)))
        {
            var path = $"narratives[{i}]";
            batch.Narratives.Add((records.Next(path), period, Text(v, $"{path}.section", n.Section, 200), Text(v, $"{path}.text", n.Text, 20_000)));
        }
        foreach (var (d, i) in request.StatedDeviations.Select((d, i) => (d, i)))
        {
            var path = $"stated_deviations[{i}]";
            if (d.Deviation is null && d.ForecastDeviation is null)
            {
                v.Add(path, "deviation or forecast_deviation is required");
            }
            batch.StatedDeviations.Add((records.Next(path), period, d.UnitCode.Length == 0 ? "" : Code(v, $"{path}.unit_code", d.UnitCode),
                v.OptionalAmount($"{path}.deviation", d.Deviation), v.OptionalAmount($"{path}.forecast_deviation", d.ForecastDeviation)));
        }
        foreach (var (item, i) in request.DeviationItems.Select((item, i) => (item, i)))
        {
            var path = $"deviation_items[{i}]";
            var kind = item.Kind is DeviationItemKind.OneOff or DeviationItemKind.Staffing ? (Domain.DeviationItemKind)item.Kind
                : Invalid(v, $"{path}.kind", "must be DEVIATION_ITEM_KIND_ONE_OFF or DEVIATION_ITEM_KIND_STAFFING", Domain.DeviationItemKind.OneOff);
            batch.DeviationItems.Add((records.Next(path), period, item.UnitCode.Length == 0 ? "" : Code(v, $"{path}.unit_code", item.UnitCode), kind,
                Text(v, $"{path}.description", item.Description, 2000), v.OptionalAmount($"{path}.amount", item.Amount), v.OptionalAmount($"{path}.full_time_equivalents", item.FullTimeEquivalents)));
        }
        v.ThrowIfInvalid();
        batch.Lines = records.Count;

        try
        {
            return ToProto(await new EconomyImporter(db, time, importLog).ApplyAsync(municipality, committee, batch, context.CancellationToken, Actor(context), request.DryRun));
        }
        catch (ValidationFailedException e)
        {
            throw new ValidationFailedException(e.Violations.Select(records.OnField).ToList());
        }
    }

    /// <summary>Numbers the records of a request as an import numbers its lines, and maps "line N" back to the record's path.</summary>
    private sealed partial class RecordPaths
    {
        private readonly List<string> paths = [];

        public int Count => paths.Count;

        public int Next(string path)
        {
            paths.Add(path);
            return paths.Count;
        }

        public FieldViolation OnField(FieldViolation violation)
        {
            if (!violation.Field.StartsWith("line ", StringComparison.Ordinal) || !int.TryParse(violation.Field.AsSpan(5), out var line) || line < 1 || line > paths.Count)
            {
                return violation;
            }
            var path = paths[line - 1];
            return Column().Match(violation.Description) is { Success: true } m
                ? new FieldViolation($"{path}.{m.Groups[1].Value}", m.Groups[2].Value)
                : new FieldViolation(path, violation.Description);
        }

        // The merge words its messages for a file's columns: "column 3 (unit): …".
        [GeneratedRegex(@"^columns? [\d–]+ \(([a-z_]+)[^)]*\): (.*)$", RegexOptions.Singleline)]
        private static partial Regex Column();
    }

    private static T Invalid<T>(RequestValidator v, string field, string reason, T fallback)
    {
        v.Add(field, reason);
        return fallback;
    }

    private static string Code(RequestValidator v, string field, string value)
    {
        if (value.Length == 0) v.Add(field, "is required");
        else if ((DomainLimits.CharacterProblem(value, multiline: false) ?? DomainLimits.CodeProblem(value)) is { } problem) v.Add(field, problem);
        return value;
    }

    private static string Text(RequestValidator v, string field, string value, int maxLength)
    {
        if (value.Trim().Length == 0) v.Add(field, "is required");
        else if (DomainLimits.TextProblem(value, multiline: true, maxLength) is { } problem) v.Add(field, problem);
        return value.Trim();
    }

    /// <summary>The request says something of the report itself: its forecast's name or its case data.</summary>
    private static bool DescribesReport(RecordEconomyRecordsRequest r) =>
        r.ForecastName.Length + r.PreparedBy.Length + r.DocumentDate.Length + r.CommitteeMeetingDate.Length > 0;

    /// <summary>A text of one line (a name), trimmed: no line break or other control character, at most <paramref name="maxLength"/>.</summary>
    private static string Line(RequestValidator v, string field, string value, int maxLength)
    {
        if (value.Trim().Length == 0) v.Add(field, "is required");
        else if (DomainLimits.TextProblem(value, multiline: false, maxLength) is { } problem) v.Add(field, problem);
        return value.Trim();
    }

    private static List<string> Codes(RequestValidator v, string field, IEnumerable<string> codes)
    {
        var list = codes.Select((c, i) => Code(v, $"{field}[{i}]", c.Trim())).ToList();
        if (list.Count == 0) v.Add(field, "at least one activity code is required");
        foreach (var duplicate in list.GroupBy(c => c).Where(g => g.Count() > 1)) v.Add(field, $"{duplicate.Key} appears twice");
        return list;
    }

    private static DateOnly Date(RequestValidator v, string field, string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        v.Add(field, $"must be a date yyyy-MM-dd, got '{InputLimits.Shorten(value)}'");
        return default;
    }
}

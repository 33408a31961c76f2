using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Planning.V1;

namespace NamndFollowUp.Web.Domain;

/// <summary>The words of the seed's documents for the API's enums and status words.</summary>
public static class SwedishNames
{
    public static string Of(AssignmentStatus status) => status switch
    {
        AssignmentStatus.NotStarted => "Ej påbörjad",
        AssignmentStatus.InProgress => "Pågående",
        AssignmentStatus.Done => "Klar",
        AssignmentStatus.Cancelled => "Avbruten",
        AssignmentStatus.Postponed => "Senarelagd",
        _ => "Ej rapporterad",
    };

    public static readonly AssignmentStatus[] Statuses =
        [AssignmentStatus.NotStarted, AssignmentStatus.InProgress, AssignmentStatus.Done, AssignmentStatus.Cancelled, AssignmentStatus.Postponed];

    public static string Of(Assessment assessment) => assessment switch
    {
        Assessment.LeadsTo => "Leder till",
        Assessment.PartlyLeadsTo => "Leder delvis till",
        Assessment.DoesNotLeadTo => "Leder inte till",
        Assessment.CannotBeAssessed => "Kan inte bedömas",
        _ => "Ej bedömd",
    };

    public static readonly Assessment[] Assessments =
        [Assessment.LeadsTo, Assessment.PartlyLeadsTo, Assessment.DoesNotLeadTo, Assessment.CannotBeAssessed];

    /// <summary>A report's status; unspecified = the service has no report for the period.</summary>
    public static string Of(ReportStatus status) => status switch
    {
        ReportStatus.Draft => "Utkast",
        ReportStatus.Submitted => "Inlämnad",
        ReportStatus.Adopted => "Fastställd",
        _ => "Saknas",
    };

    public static string OfService(string service) => service switch
    {
        "economy" => "Ekonomi",
        "planning" => "Verksamhetsplan (Bilaga 1)",
        "keyfigures" => "Nyckeltal",
        _ => service,
    };

    public static string OfTrafficLight(TrafficLight light) => light switch
    {
        TrafficLight.Green => "Grön",
        TrafficLight.Yellow => "Gul",
        TrafficLight.Red => "Röd",
        _ => "Ingen signal",
    };

    /// <summary>
    /// Where a committee's result or forecast in economy's result overview comes from (issue #14: every figure says
    /// what it is derived from): the committee's own stated figure, or computed from its figures.
    /// </summary>
    public static string OfResultSource(string source) => source switch
    {
        "stated" => "angivet av nämnden",
        "allocation_minus_net_cost" => "kommunbidrag − nettokostnad",
        "forecast" => "prognosens kommunbidrag − nettokostnad",
        "" => "–",
        _ => source,
    };
}

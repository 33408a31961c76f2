namespace NamndFollowUp.Deploy.Tests;

/// <summary>The facts about the suite's four processes that the deploy files must encode.</summary>
public sealed record SuiteProcess(
    string Name,
    string Csproj,
    string Dll,
    IReadOnlyList<int> Ports,
    string? ConnectionStringName,
    string? GrpcService = null)
{
    public bool IsBackend => ConnectionStringName is not null;

    /// <summary>The port probed for health: the backend's gRPC port, the gateway's REST port.</summary>
    public int HealthPort => Ports[0];
}

public static class Suite
{
    public const string Namespace = "namnd";
    public const string PartOf = "namnd-followup";
    public const string NameLabel = "app.kubernetes.io/name";
    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const int MetricsPort = 9464;

    public static readonly SuiteProcess Economy = new("economy", "services/economy/Economy.csproj", "NamndFollowUp.Economy.dll", [5101], "Economy", "namnd.economy.v1.EconomyService");
    public static readonly SuiteProcess Planning = new("planning", "services/planning/Planning.csproj", "NamndFollowUp.Planning.dll", [5102], "Planning", "namnd.planning.v1.PlanningService");
    public static readonly SuiteProcess KeyFigures = new("keyfigures", "services/keyfigures/KeyFigures.csproj", "NamndFollowUp.KeyFigures.dll", [5103], "KeyFigures", "namnd.keyfigures.v1.KeyFiguresService");
    public static readonly SuiteProcess Gateway = new("gateway", "gateway/Gateway.csproj", "NamndFollowUp.Gateway.dll", [8080, 8081], null);

    public static readonly IReadOnlyList<SuiteProcess> All = [Economy, Planning, KeyFigures, Gateway];
    public static readonly IReadOnlyList<SuiteProcess> Backends = [Economy, Planning, KeyFigures];

    public static SuiteProcess Get(string name) => All.Single(p => p.Name == name);

    public static TheoryData<string> ProcessNames => new(All.Select(p => p.Name));
    public static TheoryData<string> BackendNames => new(Backends.Select(p => p.Name));
}

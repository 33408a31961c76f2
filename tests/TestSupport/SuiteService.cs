namespace NamndFollowUp.TestSupport;

/// <summary>A process of the suite: its name (also its log's), its project folder and the dll its build writes.</summary>
public sealed record SuiteService(string Name, string ProjectDirectory, string Assembly)
{
    public static readonly SuiteService Economy = new("economy", "services/economy", "NamndFollowUp.Economy.dll");
    public static readonly SuiteService Planning = new("planning", "services/planning", "NamndFollowUp.Planning.dll");
    public static readonly SuiteService KeyFigures = new("keyfigures", "services/keyfigures", "NamndFollowUp.KeyFigures.dll");
    public static readonly SuiteService Gateway = new("gateway", "gateway", "NamndFollowUp.Gateway.dll");
    public static readonly SuiteService Web = new("web", "web", "NamndFollowUp.Web.dll");

    public string OutputDirectory(string configuration) =>
        Path.Combine(Repository.Root, ProjectDirectory, "bin", configuration, "net10.0");
}

using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Gateway;

/// <summary>
/// `NamndFollowUp.Gateway mint-token --municipality 0380 --committee SCN --role committee_writer [--role …]
/// [--subject name] [--hours 8]` prints a token signed with Auth:SigningKey (env Auth__SigningKey), for
/// local runs and tests. Production tokens come from the municipality's identity provider.
/// </summary>
public static class MintTokenCommand
{
    public static int Run(string[] args)
    {
        string? municipality = null, committee = null, subject = null;
        var roles = new List<string>();
        var hours = 8.0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--municipality": municipality = value; i++; break;
                case "--committee": committee = value; i++; break;
                case "--role": roles.Add(value ?? ""); i++; break;
                case "--subject": subject = value; i++; break;
                case "--hours": hours = double.Parse(value ?? "8", System.Globalization.CultureInfo.InvariantCulture); i++; break;
                default: return Usage($"unknown argument '{args[i]}'");
            }
        }
        var key = Environment.GetEnvironmentVariable("Auth__SigningKey");
        if (string.IsNullOrEmpty(key))
        {
            return Usage("Auth__SigningKey is not set (the key the services validate with)");
        }
        if (municipality is null || roles.Count == 0)
        {
            return Usage("--municipality and at least one --role are required");
        }
        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            return Usage($"unknown role '{unknown}'; roles: {string.Join(", ", Roles.All)}");
        }
        if (roles.Any(r => r is Roles.CommitteeWriter or Roles.CommitteeReader) && string.IsNullOrEmpty(committee))
        {
            return Usage("committee roles need --committee");
        }
        Console.WriteLine(TokenIssuer.Mint(key, subject ?? $"{roles[0]}@{municipality}{(committee is null ? "" : "/" + committee)}",
            municipality, committee, roles, TimeSpan.FromHours(hours)));
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"mint-token: {problem}");
        Console.Error.WriteLine("usage: mint-token --municipality 0380 [--committee SCN] --role committee_writer|committee_reader|municipal_office|bi_reader [--role …] [--subject NAME] [--hours 8]");
        return 2;
    }
}

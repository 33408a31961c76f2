using System.Net.Http.Headers;
using Microsoft.Playwright;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Web.Tests;

/// <summary>
/// The suite as processes on free ports (fresh databases, a RabbitMQ virtual host of its own), the demo data
/// (the seed's SCN and the result report of ALN) loaded by scripts/load-demo.sh through the gateway, fourteen more
/// committees of the same municipality (so the overview shows sixteen), the web app with its development
/// sign-in, and headless Chromium.
/// </summary>
public sealed class WebSuite : IAsyncLifetime
{
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private static readonly string VirtualHost = $"nf-web-{RunId}";
    private static readonly string[] Services = ["economy", "planning", "keyfigures"];

    public const string Municipality = "0380";
    public const string ExtraCommitteePrefix = "N";

    /// <summary>Äldrenämnden: deploy/demo's second committee, whose result report states its deviations (no Actual, no Budget).</summary>
    public const string DemoResultReportCommittee = "ALN";

    /// <summary>Besides the seed's SCN: N01 … N14, each with an allocation and one figure for helår and delår 2024.</summary>
    public static readonly string[] ExtraCommittees = Enumerable.Range(1, 14).Select(i => $"{ExtraCommitteePrefix}{i:00}").ToArray();

    public static string ArtifactDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    private readonly int _economyPort = Ports.Free(), _planningPort = Ports.Free(), _keyFiguresPort = Ports.Free();
    private readonly int _restPort = Ports.Free(), _grpcPort = Ports.Free(), _webPort = Ports.Free();
    private readonly ServiceProcesses _processes;
    private IPlaywright? _playwright;

    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
    public string WebAddress => $"http://localhost:{_webPort}";
    public string GatewayRestAddress => $"http://localhost:{_restPort}";
    public IBrowser Browser { get; private set; } = null!;

    public WebSuite()
    {
        _processes = new ServiceProcesses(Repository.ConfigurationOf(typeof(WebSuite).Assembly, "Debug"), Path.Combine(AppContext.BaseDirectory, "suite-logs"))
        {
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["Auth__SigningKey"] = SigningKey,
                ["RateLimiting__PermitsPerSecond"] = "100000",
                ["RateLimiting__Burst"] = "100000",
                ["Outbox__PollInterval"] = "00:00:00.500",
                // Each composed part gets 3 s in production; on a test machine shared with other runs that is too
                // little, and a part the gateway gives up on would leave committees out of the overview.
                ["Composition__PartDeadline"] = "00:00:30",
            },
        };
    }

    private string Database(string service) => $"nf_web_{RunId}_{service}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ArtifactDirectory);
        await Postgres.DropDatabasesAsync(Services.Select(Database));
        RabbitMq.AddVirtualHost(VirtualHost);
        var rabbit = RabbitMq.ConnectionString(VirtualHost);
        _processes.Start(SuiteService.Economy, ("Urls", $"http://localhost:{_economyPort}"),
            ("ConnectionStrings__Economy", Postgres.ConnectionString(Database("economy"))), ("ConnectionStrings__RabbitMq", rabbit));
        _processes.Start(SuiteService.Planning, ("Urls", $"http://localhost:{_planningPort}"),
            ("ConnectionStrings__Planning", Postgres.ConnectionString(Database("planning"))), ("ConnectionStrings__RabbitMq", rabbit),
            ("Services__economy", $"http://localhost:{_economyPort}"));
        _processes.Start(SuiteService.KeyFigures, ("Urls", $"http://localhost:{_keyFiguresPort}"),
            ("ConnectionStrings__KeyFigures", Postgres.ConnectionString(Database("keyfigures"))), ("ConnectionStrings__RabbitMq", rabbit),
            ("Services__economy", $"http://localhost:{_economyPort}"));
        foreach (var port in new[] { _economyPort, _planningPort, _keyFiguresPort })
        {
            await _processes.WaitUntilReadyAsync(port);
        }
        _processes.Start(SuiteService.Gateway,
            ("Kestrel__Endpoints__Rest__Url", GatewayRestAddress),
            ("Kestrel__Endpoints__Grpc__Url", $"http://localhost:{_grpcPort}"),
            ("ConnectionStrings__RabbitMq", rabbit),
            ("ReverseProxy__Clusters__economy__Destinations__primary__Address", $"http://localhost:{_economyPort}"),
            ("ReverseProxy__Clusters__planning__Destinations__primary__Address", $"http://localhost:{_planningPort}"),
            ("ReverseProxy__Clusters__keyfigures__Destinations__primary__Address", $"http://localhost:{_keyFiguresPort}"));
        using var http = new HttpClient();
        await _processes.WaitUntilReadyAsync(http, $"{GatewayRestAddress}/healthz/ready");
        _processes.Start(SuiteService.Web, ("Urls", WebAddress), ("DevSignIn__Enabled", "true"),
            ("Gateway__GrpcAddress", $"http://localhost:{_grpcPort}"), ("Gateway__RestAddress", GatewayRestAddress));

        await LoadDemoAsync();
        await LoadExtraCommitteesAsync(http);
        await _processes.WaitUntilReadyAsync(http, $"{WebAddress}/healthz");

        _playwright = await Playwright.CreateAsync();
        // Debian's chromium: nothing is downloaded (Playwright's own browser builds are not reachable here).
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NF_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// The demo as scripts/run.sh loads it (the seed's SCN and the second demo committee ALN with its result report):
    /// the same script, through this run's gateway.
    /// </summary>
    private async Task LoadDemoAsync()
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(Repository.Root, "scripts", "load-demo.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NF_GATEWAY_REST"] = GatewayRestAddress;
        start.Environment["NF_TOKEN"] = TokenIssuer.Mint(SigningKey, "web-tests:demo-loader", Municipality, "SCN",
            [Roles.CommitteeWriter, Roles.MunicipalOffice]);
        // The second demo committee (ALN) writes its own result report with a token of its own, minted here with this
        // run's key (the script would mint one with the checkout's).
        start.Environment["NF_TOKEN_ALN"] = TokenIssuer.Mint(SigningKey, "web-tests:demo-loader-aln", Municipality, DemoResultReportCommittee,
            [Roles.CommitteeWriter]);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await File.WriteAllTextAsync(Path.Combine(ArtifactDirectory, "load-demo.log"), await output + await errors);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"load-demo.sh failed ({process.ExitCode}): {await errors}");
        }
    }

    /// <summary>Each extra committee uploads its own small economy file (as its system would): helår and delår 2024.</summary>
    private async Task LoadExtraCommitteesAsync(HttpClient http)
    {
        for (var i = 0; i < ExtraCommittees.Length; i++)
        {
            var committee = ExtraCommittees[i];
            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"{GatewayRestAddress}/api/v1/economy/municipalities/{Municipality}/committees/{committee}/imports/csv:upload")
            {
                Content = new StringContent(EconomyFile(i + 1), System.Text.Encoding.UTF8, "text/csv"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(committee, Roles.CommitteeWriter));
            var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{committee}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    /// <summary>
    /// Committee number n: allocation n × 100 mnkr; net cost at helår n × 100 mnkr + (n − 7) mnkr, so N01–N06 have
    /// a surplus, N07 breaks even and N08–N14 a deficit; at delår, half the allocation and half of n × 100 mnkr.
    /// </summary>
    public static string EconomyFile(int n, string yearPeriod = "2024-helår")
    {
        var allocation = n * 100_000_000m;
        var actual = -(allocation + (n - 7) * 1_000_000m);
        return string.Join('\n',
            "record;fields",
            $"report;{yearPeriod};helårsprognos 202408",
            $"allocation;{yearPeriod};Verksamheten;1;{allocation};;100",
            $"figure;{yearPeriod};100;;{actual};{-allocation};{actual};;;;;",
            $"allocation;2024-delår;Verksamheten;1;{allocation / 2};;100",
            $"figure;2024-delår;100;;{-allocation / 2};{-allocation / 2};{-allocation / 2};;;;;") + "\n";
    }

    public string Token(string? committee, string role) =>
        TokenIssuer.Mint(SigningKey, $"web-tests:{role}@{committee}", Municipality, committee, [role]);

    /// <summary>The web app started with other settings (e.g. to see it refuse to start); its log for the reason.</summary>
    public async Task<(int ExitCode, string Log)> RunWebUntilExitAsync(TimeSpan timeout, params (string Key, string Value)[] environment)
    {
        var logs = Path.Combine(AppContext.BaseDirectory, "suite-logs", "refused");
        await using var processes = new ServiceProcesses(_processes.Configuration, logs);
        var process = processes.Start(SuiteService.Web, [("Urls", $"http://localhost:{Ports.Free()}"), .. environment]);
        var deadline = DateTime.UtcNow + timeout;
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var exited = process.HasExited;
        var exitCode = exited ? process.ExitCode : int.MinValue;
        await processes.DisposeAsync();
        return (exitCode, await File.ReadAllTextAsync(process.LogPath));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await _processes.DisposeAsync();
        RabbitMq.Run($"delete_vhost {VirtualHost}", allowFailure: true);
        await Postgres.DropDatabasesAsync(Services.Select(Database));
    }
}

[CollectionDefinition(Name)]
public sealed class WebSuiteCollection : ICollectionFixture<WebSuite>
{
    public const string Name = "web";
}

using Grpc.Core;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// What a behaviour test needs from the suite under test, whichever way it is hosted: clients that carry a
/// trusted token for the scope they name, tokens of its own, and the services' databases. The four-process
/// Suite serves it through the gateway; tests/Functional.Tests hosts the services in-process.
/// </summary>
public interface ISuiteApi
{
    HttpClient Rest { get; }
    CallInvoker Grpc { get; }
    string Token(string municipality, string? committee, params string[] roles);
    string ConnectionString(string service);
}

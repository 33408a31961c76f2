using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Export;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The change log is pruned after its retention; a change token that may need pruned changes is refused with
/// "pull in full" rather than answered with an incomplete set.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ExportRetentionTests(Suite suite)
{
    [Fact]
    public async Task A_token_older_than_the_pruned_changes_is_refused_and_a_full_pull_starts_again()
    {
        var committee = NewCommittee("RET");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -1_000m, null)));
        var bi = new ExportService.ExportServiceClient(suite.AnonymousGrpc());
        var headers = new Metadata
        {
            { "authorization", $"Bearer {suite.Token(Municipality, null, Roles.BiReader)}" },
            { "namnd-service", "economy" },
        };
        var (_, token) = await Pull(bi, headers, "");

        // A correction after the pull, which the token's next pull needs; then it ages past the retention
        // (31 days back, written straight into the log) and the service's own pruning removes it.
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -2_000m, null)));
        await using (var db = new NpgsqlConnection(suite.ConnectionString("economy")))
        {
            await db.OpenAsync();
            await using (var age = new NpgsqlCommand("""
                UPDATE change_log SET changed_at = now() - interval '31 days' WHERE row->>'CommitteeCode' = @c
                """, db))
            {
                age.Parameters.AddWithValue("c", committee);
                Assert.True(await age.ExecuteNonQueryAsync() >= 2);
            }
            Assert.True(await ChangeLogRetention.PruneAsync(db, ChangeLogRetention.DefaultRetention, CancellationToken.None) >= 2);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => Pull(bi, headers, token));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("token expired", refused.Status.Detail);
        Assert.Contains("pull in full", refused.Status.Detail);

        using var rest = suite.AnonymousRest();
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Municipality, null, Roles.BiReader));
        foreach (var format in new[] { "csv", "ndjson" })
        {
            var response = await rest.GetAsync(
                $"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.{format}?changeToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("pull in full", await response.Content.ReadAsStringAsync());
        }

        // The full pull has the row as it stands now, and its token works again.
        var (rows, fresh) = await Pull(bi, headers, "");
        var ours = Assert.Single(rows, r => r.Key == $"{Municipality}/{committee}/2024/14/5731/");
        Assert.Contains("-2000", ours.RowJson);
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -3_000m, null)));
        var (changes, _) = await Pull(bi, headers, fresh);
        var change = Assert.Single(changes, r => r.Key == ours.Key);
        Assert.Equal(Operation.Update, change.Operation);
        Assert.Contains("-3000", change.RowJson);
    }

    private static async Task<(List<FactRecord> Rows, string Token)> Pull(ExportService.ExportServiceClient client, Metadata headers, string changeToken)
    {
        using var call = client.PullFacts(new PullFactsRequest
        {
            MunicipalityCode = Municipality, Service = "economy", FactSet = "activity_figures", ChangeToken = changeToken,
        }, headers, DateTime.UtcNow.AddSeconds(30));
        var rows = new List<FactRecord>();
        var token = "";
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.ChangeToken is { Length: > 0 } t)
            {
                token = t;
            }
            else
            {
                rows.Add(call.ResponseStream.Current);
            }
        }
        return (rows, token);
    }
}

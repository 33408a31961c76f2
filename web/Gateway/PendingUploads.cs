using System.Security.Cryptography;
using System.Text.Json;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// A ledger file between its preview (economy's dry run) and the person's "save": kept on this server's disk
/// (never in memory: a file may be large) under a random id, for the person and committee who sent it only,
/// for at most an hour. With several instances of the app, the save must reach the one that kept the file
/// (sticky sessions), or the person is asked to choose the file again.
/// </summary>
public sealed class PendingUploads
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nf-web-uploads");

    public async Task<string> KeepAsync(string owner, string committee, string fileName, Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        RemoveExpired();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await using (var file = File.Create(ContentPath(id)))
        {
            await content.CopyToAsync(file, cancellationToken);
        }
        await File.WriteAllTextAsync(MetaPath(id), JsonSerializer.Serialize(new Meta(owner, committee, fileName)), cancellationToken);
        return id;
    }

    /// <summary>The kept file if <paramref name="id"/> is one and it was kept for this person and committee; else null.</summary>
    public Pending? Find(string? id, string owner, string committee)
    {
        if (id is not { Length: 32 } || !id.All(char.IsAsciiHexDigitLower) || !File.Exists(MetaPath(id)) || !File.Exists(ContentPath(id)))
        {
            return null;
        }
        var meta = JsonSerializer.Deserialize<Meta>(File.ReadAllText(MetaPath(id)));
        if (meta is null || meta.Owner != owner || meta.Committee != committee || DateTime.UtcNow - File.GetLastWriteTimeUtc(ContentPath(id)) > Lifetime)
        {
            return null;
        }
        return new Pending(id, meta.FileName, ContentPath(id));
    }

    public void Forget(string id)
    {
        File.Delete(ContentPath(id));
        File.Delete(MetaPath(id));
    }

    private void RemoveExpired()
    {
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > Lifetime)
            {
                File.Delete(path);
            }
        }
    }

    private string ContentPath(string id) => Path.Combine(_directory, id + ".upload");
    private string MetaPath(string id) => Path.Combine(_directory, id + ".json");

    private sealed record Meta(string Owner, string Committee, string FileName);
}

public sealed record Pending(string Id, string FileName, string Path)
{
    public Stream Open() => File.OpenRead(Path);
}

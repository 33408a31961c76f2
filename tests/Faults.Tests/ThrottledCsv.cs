using System.Globalization;
using System.Net;
using System.Text;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// An economy CSV of <paramref name="rows"/> figures for one period, sent in 50 parts over about <paramref name="duration"/>:
/// a committee's accounting system uploading a large ledger, slow enough that a replica can be killed half-way through.
/// <see cref="HalfSent"/> completes once half the parts are out.
/// </summary>
public sealed class ThrottledCsv(int rows, TimeSpan duration) : HttpContent
{
    private const int Parts = 50;
    private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task HalfSent => _halfSent.Task;

    public static string Text(int rows)
    {
        var text = new StringBuilder("record;fields\n");
        for (var i = 0; i < rows; i++)
        {
            // Distinct units of one registered activity, so every row is a figure of its own (and an event of its own once
            // stored); the units are not registered, so no unit rule ties the rows together.
            text.Append(CultureInfo.InvariantCulture, $"figure;2025-helår;7000;U{100000 + i};-{1000 + i}.50;-{900 + i};;;;;;\n");
        }
        return text.ToString();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var bytes = Encoding.UTF8.GetBytes(Text(rows));
        var part = (bytes.Length + Parts - 1) / Parts;
        for (var i = 0; i < Parts; i++)
        {
            var offset = i * part;
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Max(0, Math.Min(part, bytes.Length - offset))));
            await stream.FlushAsync();
            if (i == Parts / 2)
            {
                _halfSent.TrySetResult();
            }
            await Task.Delay(duration / Parts);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

using System.Text;
using Google.Protobuf;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.Economy.Import.Sie;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// The readers decode and read a file as it streams in. The streams here hand out a few bytes per read, so
/// lines, multi-byte characters and "\r\n" are cut at every possible place, and the files are longer than
/// the readers' 64 KiB buffer.
/// </summary>
public sealed class StreamingImportTests
{
    private static readonly Encoding Cp437 = CodePagesEncodingProvider.Instance.GetEncoding(437)!;

    /// <summary>These files keep activities in dimension 20 and units in dimension 1.</summary>
    private static readonly Domain.LedgerMapping Mapping = new() { ActivityDimension = 20, UnitDimension = 1 };

    [Fact]
    public async Task Line_numbers_stay_right_across_buffers_quoted_line_breaks_and_crlf()
    {
        var csv = new StringBuilder();
        csv.Append("narrative;2024-helår;summary;\"Första raden;\r\nandra \"\"raden\"\"\"\r\n"); // lines 1–2
        for (var i = 3; i <= 4000; i++)
        {
            csv.Append(i == 2500 ? "ledger;2024-13;5731;;4010;100;actual\r\n" : "ledger;2024-12;5731;ÅBY;4010;100.50;actual\r\n");
        }
        csv.Append("ledger;2024-12;5731;ÅBY;4010;x;actual"); // line 4001, no line break at the end

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            CsvImport.ParseAsync(new TrickleStream(Encoding.UTF8.GetBytes(csv.ToString()), 7), CancellationToken.None));

        Assert.Equal(["line 2500", "line 4001"], e.Violations.Select(v => v.Field));
        Assert.Contains("period", e.Violations[0].Description);
        Assert.Contains("column 6 (amount)", e.Violations[1].Description);
    }

    [Fact]
    public async Task A_good_file_read_a_few_bytes_at_a_time_sums_as_read_whole()
    {
        var csv = new StringBuilder("narrative;2024-helår;summary;\"Ett;\ntvå\"\n");
        for (var i = 0; i < 4000; i++)
        {
            csv.Append("ledger;2024-helår;5731;ÅBY;").Append(i % 2 == 0 ? "4010;100.25" : "3010;-0.25").Append(";actual\n");
        }
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        var streamed = await CsvImport.ParseAsync(new TrickleStream(bytes, 5), CancellationToken.None);

        Assert.Equal(4002, streamed.Lines); // the narrative's quoted line break is a line of the file
        Assert.Equal("Ett;\ntvå", streamed.Narratives.Single().Text);
        var unit = streamed.Figures.Single(f => f.Unit == "ÅBY").Measures;
        // 2 000 lines of 100,25 in costs, 2 000 of 0,25 in income.
        Assert.Equal((200_500m, 500m, -200_000m), (unit.Costs, unit.Income, unit.Actual));
        Assert.Equal(4002, streamed.Figures.Single(f => f.Unit == "").Line);
        Assert.Equal(streamed.Figures.Select(f => (f.Line, f.Activity, f.Unit, f.Measures)), (await CsvImport.ParseAsync(new MemoryStream(bytes), CancellationToken.None)).Figures.Select(f => (f.Line, f.Activity, f.Unit, f.Measures)));
    }

    [Fact]
    public async Task An_SIE_file_streamed_in_CP437_reads_å_ä_ö_and_reports_a_bad_balance_in_the_middle_by_line()
    {
        var sie = new StringBuilder("#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#DIM 20 \"Verksamhet\"\r\n#DIM 1 \"Kostnadsställe\"\r\n")
            .Append("#OBJEKT 20 \"5733\" \"Öppenvård för vuxna\"\r\n#OBJEKT 1 \"ÅÄÖ\" \"Gårdsvägen\"\r\n"); // lines 1–7
        for (var line = 8; line <= 3007; line++)
        {
            sie.Append(line == 1500 ? "#PSALDO 0 202401 4010 {20 \"5733\" 1 \"ÅÄÖ\"} 1,5\r\n" : "#PSALDO 0 202401 4010 {20 \"5733\" 1 \"ÅÄÖ\"} 2.00\r\n");
        }
        var bytes = Cp437.GetBytes(sie.ToString());
        Assert.Equal(0x84, bytes[Cp437.GetBytes("#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#DIM 20 \"Verksamhet\"\r\n#DIM 1 \"Kostnadsst").Length]); // 'ä' is one byte in CP437

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => SieImport.ParseAsync(new TrickleStream(bytes, 3), Mapping, CancellationToken.None));
        var violation = Assert.Single(e.Violations);
        Assert.Equal("line 1500", violation.Field);
        Assert.Contains("'1,5'", violation.Description);

        var good = Cp437.GetBytes(sie.ToString().Replace("} 1,5", "} 2.00"));
        var batch = await SieImport.ParseAsync(new TrickleStream(good, 3), Mapping, CancellationToken.None);
        Assert.Equal(3007, batch.Lines);
        // 3 000 balances of 2,00 booked on ÅÄÖ in January: Actual −6 000.
        Assert.Equal(-6_000m, batch.Figures.Single(f => f.Unit == "ÅÄÖ" && f.Period.Point == 1).Measures.Actual);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_are_reported_on_their_line()
    {
        var bytes = Encoding.UTF8.GetBytes("ledger;2024-12;5731;;4010;1;actual\nledger;2024-12;5731;;4010;1;actual\n")
            .Concat(Cp437.GetBytes("ledger;2024-12;5731;GÅRD;4010;1;actual\n")).ToArray(); // CP437 'Å' (0x8F) is not UTF-8
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => CsvImport.ParseAsync(new TrickleStream(bytes, 4), CancellationToken.None));
        var violation = Assert.Single(e.Violations);
        Assert.Equal("line 3", violation.Field);
        Assert.Contains("not UTF-8", violation.Description);
    }

    [Fact]
    public async Task Errors_list_the_first_thousand_and_count_the_rest()
    {
        var csv = string.Concat(Enumerable.Range(0, 1500).Select(_ => "ledger;2024-12;5731;;2010;1;actual\n"));
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => CsvImport.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), CancellationToken.None));
        Assert.Equal(1001, e.Violations.Count);
        Assert.Equal("line 1000", e.Violations[999].Field);
        Assert.Equal("content", e.Violations[1000].Field);
        Assert.Contains("500 more", e.Violations[1000].Description);
    }

    [Fact]
    public void An_empty_file_is_refused_in_either_format()
    {
        Assert.Equal("the file is empty", Assert.Single(Assert.Throws<ValidationFailedException>(() => CsvImport.Parse([])).Violations).Description);
        Assert.Equal("the file is empty", Assert.Single(Assert.Throws<ValidationFailedException>(() => SieImport.Parse([], Mapping)).Violations).Description);
    }

    [Fact]
    public async Task A_chunked_file_reads_as_its_bytes_and_every_chunk_names_the_same_committee()
    {
        var content = Encoding.UTF8.GetBytes("ledger;2024-12;5731;;4010;1;actual\nledger;2024-12;5731;;4010;2;actual\n");
        ImportFileChunk Chunk(string committee, int from, int to) => new() { MunicipalityCode = "0380", CommitteeCode = committee, Content = ByteString.CopyFrom(content[from..to]) };

        var first = Chunk("SCN", 0, 10);
        var batch = await CsvImport.ParseAsync(new ChunkStream(first, new Chunks(Chunk("SCN", 10, 40), Chunk("SCN", 40, 40), Chunk("SCN", 40, content.Length))), CancellationToken.None);
        Assert.Equal(-3m, batch.Figures.Single().Measures.Actual);

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            CsvImport.ParseAsync(new ChunkStream(first, new Chunks(Chunk("OTHER", 10, content.Length))), CancellationToken.None));
        Assert.Equal("chunk 2", Assert.Single(e.Violations).Field);
    }

    /// <summary>Hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] content, int bytesPerRead) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, bytesPerRead)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, bytesPerRead), cancellationToken);
    }

    private sealed class Chunks(params ImportFileChunk[] chunks) : IAsyncStreamReader<ImportFileChunk>
    {
        private int _next;
        public ImportFileChunk Current { get; private set; } = null!;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_next == chunks.Length) return Task.FromResult(false);
            Current = chunks[_next++];
            return Task.FromResult(true);
        }
    }
}

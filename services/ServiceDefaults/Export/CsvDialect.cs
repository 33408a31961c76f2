using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Export;

/// <summary>
/// How a CSV export is written. <see cref="Machine"/> (the default, <c>?dialect=machine</c>): ',' between fields,
/// '.' in decimals, the database's column names, ISO 8601 times, period points as numbers — for programs.
/// <see cref="ExcelSwedish"/> (<c>?dialect=excel-sv</c>): as a Swedish Excel writes and reads a CSV — ';' between
/// fields, decimal comma, a UTF-8 byte order mark (without it Excel reads the bytes as Windows-1252 and "Nämnden"
/// becomes "NÃ¤mnden"), Swedish column headers, local times, period points by name. In both, codes are written as
/// they are stored ("0380"): a reader must take those columns as text (docs/economy.md, BI export).
/// </summary>
public enum CsvDialect
{
    Machine,
    ExcelSwedish,
}

public static class CsvDialects
{
    public const string MachineName = "machine";
    public const string ExcelSwedishName = "excel-sv";

    public static CsvDialect Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or MachineName => CsvDialect.Machine,
        ExcelSwedishName => CsvDialect.ExcelSwedish,
        _ => throw new ValidationFailedException("dialect", $"must be {MachineName} (the default) or {ExcelSwedishName}, got '{name}'"),
    };

    /// <summary>Period points as a Swedish reader names them: the months, delår (13) and helår (14).</summary>
    public static readonly string[] PeriodPointNames =
        ["", "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december", "delår", "helår"];
}

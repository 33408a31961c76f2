namespace NamndFollowUp.Economy.Import;

/// <summary>Whose CSV file is read: a committee's records, or kommunledningskontoret's register and names.</summary>
public enum CsvScope
{
    /// <summary>Figures, allocations, decisions, units, texts: written by the committee (ImportEconomyCsv).</summary>
    Committee,
    /// <summary>Activity codes and the municipality's and committees' names: written by the office (ImportMunicipalityCsv).</summary>
    Municipality,
}

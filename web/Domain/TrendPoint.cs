namespace NamndFollowUp.Web.Domain;

/// <summary>One follow-up of the year in the municipality's trend: its name and the committees' sums (kronor).</summary>
public sealed record TrendPoint(string Label, decimal? Allocation, decimal? NetCost, decimal? Result);

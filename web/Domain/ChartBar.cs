namespace NamndFollowUp.Web.Domain;

/// <summary>One bar of a chart: what it is, and its amount in kronor (none = nothing to draw).</summary>
public sealed record ChartBar(string Label, decimal? Value);

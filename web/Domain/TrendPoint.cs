namespace NamndFollowUp.Web.Domain;

/// <summary>One follow-up of the year in the municipality's trend: its name and the committees' results, with what they are made of.</summary>
public sealed record TrendPoint(string Label, ResultBasis Basis)
{
    public decimal? Result => Basis.Result;
}

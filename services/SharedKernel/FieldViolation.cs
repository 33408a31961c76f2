namespace NamndFollowUp.SharedKernel;

/// <summary>One broken rule: which field, and why, in words a committee's economist can act on.</summary>
public sealed record FieldViolation(string Field, string Description);

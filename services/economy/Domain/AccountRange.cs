namespace NamndFollowUp.Economy.Domain;

/// <summary>Accounts <see cref="From"/> to <see cref="To"/> (inclusive) of a ledger mapping, and what they are.</summary>
public sealed record AccountRange(int From, int To, AccountKind Kind);

namespace NamndFollowUp.Economy.Domain;

/// <summary>What an account range of the ledger is to a committee's follow-up.</summary>
public enum AccountKind
{
    /// <summary>Debit adds to Costs.</summary>
    Cost = 1,
    /// <summary>Credit adds to Income.</summary>
    Income = 2,
    /// <summary>Internal items (interna poster) eliminated between the committee's own units: left out of the figures, their sum shown in the answer.</summary>
    Internal = 3,
    /// <summary>Not a committee's result (balance sheet, closing entries): left out, counted in the answer.</summary>
    Ignore = 4,
}

namespace NamndFollowUp.Economy.Domain;

/// <summary>The numbers are those of namnd.economy.v1.DeviationItemKind.</summary>
public enum DeviationItemKind
{
    /// <summary>Engångspost: an amount that will not recur, e.g. costs reclaimed from Migrationsverket.</summary>
    OneOff = 1,
    /// <summary>A staffing change in årsarbetare, with its cost effect.</summary>
    Staffing = 2,
}

namespace NamndFollowUp.SharedKernel.Scopes;

/// <summary>
/// Data of one municipality, the tenant: every read filters on its code. Declaring it here (rather than
/// naming the column in each query) lets the compiler check the scope and lets the model conventions give
/// the code its width once.
/// </summary>
public interface IMunicipalityScoped
{
    /// <summary>The municipality's 4-digit SCB code (<see cref="DomainLimits.MunicipalityCodeLength"/>), e.g. Uppsala's 0380.</summary>
    string MunicipalityCode { get; }
}

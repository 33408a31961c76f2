using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.ServiceDefaults.Data;

/// <summary>
/// What every service's model says the same way, declared once instead of on each entity: amounts are
/// exact, and the scope's codes have the widths the domain gives them. A single entity may still say
/// otherwise explicitly (explicit configuration wins over a convention).
/// </summary>
public static class ModelConventions
{
    public static ModelConfigurationBuilder AddSuiteConventions(this ModelConfigurationBuilder configuration)
    {
        // numeric without precision: exact, and never rounded on the way in (DomainLimits checks the scale).
        configuration.Properties<decimal>().HaveColumnType("numeric");
        configuration.Conventions.Add(_ => new ScopeCodeWidths());
        return configuration;
    }

    /// <summary>MunicipalityCode and CommitteeCode of every scoped entity (<see cref="IMunicipalityScoped"/>).</summary>
    private sealed class ScopeCodeWidths : IModelFinalizingConvention
    {
        public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
        {
            foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
            {
                if (entity.ClrType.IsAssignableTo(typeof(IMunicipalityScoped)))
                {
                    entity.FindProperty(nameof(IMunicipalityScoped.MunicipalityCode))?.Builder.HasMaxLength(DomainLimits.MunicipalityCodeLength);
                }
                if (entity.ClrType.IsAssignableTo(typeof(ICommitteeScoped)))
                {
                    entity.FindProperty(nameof(ICommitteeScoped.CommitteeCode))?.Builder.HasMaxLength(DomainLimits.CodeMaxLength);
                }
            }
        }
    }
}

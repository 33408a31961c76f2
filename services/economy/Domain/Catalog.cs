using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// An activity code of the municipality's own classification (verksamhet), with its Swedish name and the
/// code of SCB's räkenskapssammandrag it maps to, when known (Uppsala's 610 is not SCB's 610).
/// </summary>
public sealed class ActivityCodeDefinition : IMunicipalityScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? ScbCode { get; private set; }

    private ActivityCodeDefinition() { }

    public static ActivityCodeDefinition Create(string municipalityCode, string code) => new() { MunicipalityCode = municipalityCode, Code = code };

    public bool Record(string name, string? scbCode)
    {
        if (Id != 0 && Name == name && ScbCode == scbCode)
        {
            return false;
        }
        (Name, ScbCode) = (name, scbCode);
        return true;
    }
}

public enum UnitKind
{
    Department = 1,
    Division = 2,
    Unit = 3,
}

/// <summary>
/// Förvaltning / avdelning / enhet below a committee: a tree by <see cref="ParentCode"/>. A unit may have
/// sub-units (the seed's Institutionsvård splits into external and own institutions).
/// </summary>
public sealed class OrganisationalUnit : ICommitteeScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    public string? ParentCode { get; private set; }

    private OrganisationalUnit() { }

    public static OrganisationalUnit Create(string municipalityCode, string committeeCode, string code) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Code = code };

    public bool Record(string name, UnitKind kind, string? parentCode)
    {
        if (Id != 0 && Name == name && Kind == kind && ParentCode == parentCode)
        {
            return false;
        }
        (Name, Kind, ParentCode) = (name, kind, parentCode);
        return true;
    }
}

/// <summary>
/// A named grouping of activity codes in one report layout. The seed's detail tables ("Resultat per
/// verksamhet", layout "detail") put 550 under Barn- och ungdomsvård, its summary under "Vård och omsorg
/// om personer med funktionsnedsättning" (the summary's areas are the allocation areas themselves).
/// </summary>
public sealed class LayoutArea : ICommitteeScoped
{
    public const string DefaultLayout = "detail";

    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public string Layout { get; private set; } = "";
    public string AreaName { get; private set; } = "";
    public int SortOrder { get; private set; }
    public List<string> ActivityCodes { get; private set; } = [];

    private LayoutArea() { }

    public static LayoutArea Create(string municipalityCode, string committeeCode, string layout, string areaName) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Layout = layout, AreaName = areaName };

    public const string SummaryLayout = "summary";
    public const string TotalArea = "Nämnden totalt";

    /// <summary>The summary layout is the allocation areas themselves.</summary>
    public static LayoutArea Of(Allocation allocation)
    {
        var area = Create(allocation.MunicipalityCode, allocation.CommitteeCode, SummaryLayout, allocation.AreaName);
        area.Record(allocation.SortOrder, allocation.ActivityCodes);
        return area;
    }

    /// <summary>The whole layout as one area: its total row.</summary>
    public static LayoutArea Total(IReadOnlyCollection<LayoutArea> layout)
    {
        var first = layout.First();
        var total = Create(first.MunicipalityCode, first.CommitteeCode, first.Layout, TotalArea);
        total.Record(int.MaxValue, layout.OrderBy(a => a.SortOrder).SelectMany(a => a.ActivityCodes));
        return total;
    }

    /// <summary>Keeps the codes in the given order: it is the order of the table's rows.</summary>
    public bool Record(int sortOrder, IEnumerable<string> activityCodes)
    {
        var codes = activityCodes.Distinct().ToList();
        if (Id != 0 && SortOrder == sortOrder && codes.SequenceEqual(ActivityCodes))
        {
            return false;
        }
        SortOrder = sortOrder;
        if (!codes.SequenceEqual(ActivityCodes))
        {
            ActivityCodes = codes;
        }
        return true;
    }
}

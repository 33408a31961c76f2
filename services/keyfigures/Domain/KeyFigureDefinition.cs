using NamndFollowUp.KeyFigures.Domain.Formulas;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures.Domain;

public enum InputKind
{
    /// <summary>Entered or imported by the committee (a shaded cell of the sheet).</summary>
    Entered = 1,
    /// <summary>A formula over other inputs of the same definition.</summary>
    Computed = 2,
    /// <summary>A measure of an economy figure row, taken from economy's events.</summary>
    Economy = 3,
}

public enum EconomyMeasure
{
    Costs = 1,
    Income = 2,
    /// <summary>−Actual: a booked net cost is negative in the ledger, positive as a key figure input.</summary>
    NetCost = 3,
    InterventionCost = 4,
}

public enum KeyFigureCategory
{
    /// <summary>A ratio on the committee's Nyckeltal sheet (Bilaga 4).</summary>
    KeyFigure = 1,
    /// <summary>A volume statistic of the analysis (Bilaga 2 and 3): counts, shares, year-over-year change.</summary>
    VolumeStatistic = 2,
}

/// <summary>How a number is shown: divided by <see cref="Scale"/> (1000 = tkr), with <see cref="Decimals"/> decimals.</summary>
public sealed record Presentation(decimal Scale, int Decimals);

/// <summary>One input of a key figure definition, as the municipal office defined it.</summary>
public sealed class InputDefinition
{
    public string Name { get; set; } = "";
    /// <summary>The row's Swedish label on the sheet, e.g. "Antal vårddygn".</summary>
    public string Label { get; set; } = "";
    public InputKind Kind { get; set; }
    public string? Formula { get; set; }
    public string? ActivityCode { get; set; }
    /// <summary>Economy's unit code; empty for the activity's committee-level row.</summary>
    public string? UnitCode { get; set; }
    public EconomyMeasure? Measure { get; set; }
    /// <summary>True when a division by this input is allowed: a zero makes the value "not computable".</summary>
    public bool ZeroMeansNotComputable { get; set; }
    public decimal DisplayScale { get; set; } = 1;
    public int DisplayDecimals { get; set; }
    public string? Footnote { get; set; }

    public Presentation Presentation => new(DisplayScale, DisplayDecimals);
}

/// <summary>
/// A key figure as data (e.g. "Kostnad per vårddygn på institution" of 5731): its inputs, the formula over
/// them, unit and presentation, the activity it belongs to and the figure it is a "varav" of. Validated as
/// a whole when saved, so a stored definition can always be computed.
/// </summary>
public sealed class KeyFigureDefinition : IMunicipalityScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public KeyFigureCategory Category { get; private set; }
    public string ActivityCode { get; private set; } = "";
    /// <summary>The activity's heading on the sheet, e.g. "Institutionsvård för barn och ungdom".</summary>
    public string ActivityName { get; private set; } = "";
    /// <summary>The definition this one is a sub-figure of ("varav externa institutioner"), if any.</summary>
    public string? ParentCode { get; private set; }
    public string Formula { get; private set; } = "";
    /// <summary>e.g. "tkr per vårddygn".</summary>
    public string Unit { get; private set; } = "";
    public decimal DisplayScale { get; private set; } = 1;
    public int DisplayDecimals { get; private set; }
    public string? KoladaKpiId { get; private set; }
    public int SortOrder { get; private set; }
    public List<InputDefinition> Inputs { get; private set; } = [];
    public DateTimeOffset UpdatedAt { get; private set; }

    public Presentation Presentation => new(DisplayScale, DisplayDecimals);

    private KeyFigureDefinition() { }

    /// <summary>The fields of a definition as the office writes them.</summary>
    public sealed record Draft(
        string Code, string Name, KeyFigureCategory Category, string ActivityCode, string ActivityName, string? ParentCode,
        string Formula, string Unit, Presentation Presentation, string? KoladaKpiId, int SortOrder, IReadOnlyList<InputDefinition> Inputs);

    public static KeyFigureDefinition Create(string municipalityCode, Draft draft, DateTimeOffset now)
    {
        var definition = new KeyFigureDefinition { MunicipalityCode = municipalityCode, Code = draft.Code };
        definition.Redefine(draft, now);
        return definition;
    }

    /// <summary>Replaces the definition; throws <see cref="ValidationFailedException"/> listing every problem and changes nothing then.</summary>
    public void Redefine(Draft draft, DateTimeOffset now)
    {
        Validate(draft);
        Name = draft.Name;
        Category = draft.Category;
        ActivityCode = draft.ActivityCode;
        ActivityName = draft.ActivityName;
        ParentCode = string.IsNullOrWhiteSpace(draft.ParentCode) ? null : draft.ParentCode;
        Formula = draft.Formula;
        Unit = draft.Unit;
        DisplayScale = draft.Presentation.Scale;
        DisplayDecimals = draft.Presentation.Decimals;
        KoladaKpiId = string.IsNullOrWhiteSpace(draft.KoladaKpiId) ? null : draft.KoladaKpiId;
        SortOrder = draft.SortOrder;
        Inputs = draft.Inputs.ToList();
        UpdatedAt = now;
    }

    public bool DependsOnEconomy(string activityCode, string unitCode) =>
        Inputs.Any(i => i.Kind == InputKind.Economy && i.ActivityCode == activityCode && (i.UnitCode ?? "") == unitCode);

    public static void Validate(Draft d)
    {
        var v = new RequestValidator();
        if (d.Code.Length > 0 && !d.Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            v.Add("code", $"may hold letters, digits, '-', '_' and '.', got '{d.Code}'");
        }
        if (string.IsNullOrWhiteSpace(d.Name))
        {
            v.Add("name", "is required");
        }
        if (!Enum.IsDefined(d.Category))
        {
            v.Add("category", "must be CATEGORY_KEY_FIGURE or CATEGORY_VOLUME_STATISTIC");
        }
        if (d.ParentCode == d.Code && d.Code.Length > 0)
        {
            v.Add("parent_code", "a key figure cannot be a sub-figure of itself");
        }
        ValidatePresentation(v, "presentation", d.Presentation);

        var byName = new Dictionary<string, InputDefinition>();
        var parsed = new Dictionary<string, Expr>();
        for (var i = 0; i < d.Inputs.Count; i++)
        {
            var input = d.Inputs[i];
            var field = $"inputs[{i}]";
            if (!Formulas.Formula.IsValidName(input.Name))
            {
                v.Add($"{field}.name", $"must be a name of letters, digits and '_' starting with a letter (e.g. care_days), got '{input.Name}'");
            }
            else if (!byName.TryAdd(input.Name, input))
            {
                v.Add($"{field}.name", $"'{input.Name}' is defined twice");
            }
            if (string.IsNullOrWhiteSpace(input.Label))
            {
                v.Add($"{field}.label", "is required: it is the row's text on the sheet");
            }
            ValidatePresentation(v, field, input.Presentation);
            switch (input.Kind)
            {
                case InputKind.Entered:
                    break;
                case InputKind.Computed:
                    if (TryParse(v, $"{field}.formula", input.Formula) is { } expr)
                    {
                        parsed[input.Name] = expr;
                    }
                    break;
                case InputKind.Economy:
                    if (string.IsNullOrWhiteSpace(input.ActivityCode))
                    {
                        v.Add($"{field}.activity_code", "is required for an input bound to economy figures");
                    }
                    if (input.Measure is not { } m || !Enum.IsDefined(m))
                    {
                        v.Add($"{field}.measure", "must be MEASURE_COSTS, MEASURE_INCOME, MEASURE_NET_COST or MEASURE_INTERVENTION_COST");
                    }
                    break;
                default:
                    v.Add($"{field}.kind", "must be INPUT_KIND_ENTERED, INPUT_KIND_COMPUTED or INPUT_KIND_ECONOMY");
                    break;
            }
        }

        // Names and divisions are checked against the inputs that are defined well enough to name.
        foreach (var (name, expr) in parsed)
        {
            var index = d.Inputs.ToList().FindIndex(x => x.Name == name);
            CheckReferences(v, $"inputs[{index}].formula", expr, byName, self: name);
        }
        var formula = TryParse(v, "formula", d.Formula);
        if (formula is not null)
        {
            CheckReferences(v, "formula", formula, byName, self: null);
        }
        foreach (var cycle in Cycles(parsed))
        {
            var index = d.Inputs.ToList().FindIndex(x => x.Name == cycle[0]);
            v.Add($"inputs[{index}].formula", $"the computed inputs form a cycle: {string.Join(" → ", cycle.Append(cycle[0]))}");
        }
        v.ThrowIfInvalid();
    }

    private static void ValidatePresentation(RequestValidator v, string field, Presentation p)
    {
        if (p.Scale <= 0)
        {
            v.Add($"{field}.display_scale", $"must be positive (1 for units, 1000 for tkr), got {p.Scale}");
        }
        if (p.Decimals is < 0 or > 6)
        {
            v.Add($"{field}.display_decimals", $"must be between 0 and 6, got {p.Decimals}");
        }
    }

    private static Expr? TryParse(RequestValidator v, string field, string? text)
    {
        try
        {
            return Formulas.Formula.Parse(text ?? "");
        }
        catch (FormulaSyntaxException e)
        {
            v.Add(field, e.Message);
            return null;
        }
    }

    private static void CheckReferences(RequestValidator v, string field, Expr expr, Dictionary<string, InputDefinition> inputs, string? self)
    {
        foreach (var name in Formulas.Formula.Inputs(expr))
        {
            if (name == self)
            {
                v.Add(field, $"input '{name}' refers to itself");
            }
            else if (!inputs.ContainsKey(name))
            {
                v.Add(field, $"unknown input '{name}'; the defined inputs are {(inputs.Count == 0 ? "none" : string.Join(", ", inputs.Keys))}");
            }
        }
        foreach (var divisor in Formulas.Formula.Divisors(expr))
        {
            switch (divisor)
            {
                case NumberExpr { Value: 0 }:
                    v.Add(field, "divides by the number 0");
                    break;
                case NumberExpr:
                    break;
                case InputExpr i when inputs.TryGetValue(i.Name, out var input) && !input.ZeroMeansNotComputable:
                    v.Add(field, $"divides by input '{i.Name}', which may be zero, without a rule: set zero_means_not_computable on '{i.Name}'");
                    break;
                case InputExpr:
                    break; // unknown names are reported above
                default:
                    v.Add(field, $"divides by '{Formulas.Formula.Print(divisor)}', which may be zero, without a rule: make it a computed input with zero_means_not_computable and divide by that");
                    break;
            }
        }
    }

    /// <summary>Each cycle among computed inputs once, as the names along it.</summary>
    private static List<List<string>> Cycles(Dictionary<string, Expr> computed)
    {
        var cycles = new List<List<string>>();
        var done = new HashSet<string>();
        var path = new List<string>();
        void Visit(string name)
        {
            if (done.Contains(name) || !computed.TryGetValue(name, out var expr))
            {
                return;
            }
            var at = path.IndexOf(name);
            if (at >= 0)
            {
                cycles.Add(path[at..]);
                return;
            }
            path.Add(name);
            foreach (var next in Formulas.Formula.Inputs(expr).Where(n => n != name))
            {
                Visit(next);
            }
            path.RemoveAt(path.Count - 1);
            done.Add(name);
        }
        foreach (var name in computed.Keys)
        {
            Visit(name);
        }
        return cycles;
    }
}

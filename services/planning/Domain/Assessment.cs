namespace NamndFollowUp.Planning.Domain;

/// <summary>The fixed scale of a committee's judgement per focus goal.</summary>
public enum Assessment
{
    LeadsTo = 1,
    PartlyLeadsTo = 2,
    DoesNotLeadTo = 3,
    CannotBeAssessed = 4,
}

public static class AssessmentWords
{
    /// <summary>
    /// Reads the scale as committees write it: a short word ("delvis") or the report's whole sentence
    /// ("Nämndens verksamhet bedöms delvis leda till de resultat den vill se inom målet."). The enum
    /// names are accepted too, for systems that export codes.
    /// </summary>
    public static Assessment? Parse(string word)
    {
        var w = word.Normalize().Trim().ToLowerInvariant().Replace('_', ' ');
        if (w.Length == 0)
        {
            return null;
        }
        if (w.Contains("kan inte bedömas") || w is "cannot be assessed" or "assessment cannot be assessed" or "ej bedömd")
        {
            return Assessment.CannotBeAssessed;
        }
        if (w.Contains("delvis") || w is "partly leads to" or "assessment partly leads to" or "partly")
        {
            return Assessment.PartlyLeadsTo;
        }
        if (w.Contains("inte leda till") || w.Contains("leder inte till") || w is "does not lead to" or "assessment does not lead to")
        {
            return Assessment.DoesNotLeadTo;
        }
        if (w.Contains("leda till") || w is "leder till" or "leads to" or "assessment leads to")
        {
            return Assessment.LeadsTo;
        }
        return null;
    }

    /// <summary>The sentence Bilaga 1 prints under the focus goal.</summary>
    public static string ToSwedish(this Assessment assessment) => assessment switch
    {
        Assessment.LeadsTo => "Nämndens verksamhet bedöms leda till de resultat den vill se inom målet.",
        Assessment.PartlyLeadsTo => "Nämndens verksamhet bedöms delvis leda till de resultat den vill se inom målet.",
        Assessment.DoesNotLeadTo => "Nämndens verksamhet bedöms inte leda till de resultat den vill se inom målet.",
        Assessment.CannotBeAssessed => "Nämndens verksamhet kan inte bedömas inom målet.",
        _ => throw new ArgumentOutOfRangeException(nameof(assessment), assessment, null),
    };
}

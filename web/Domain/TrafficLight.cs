namespace NamndFollowUp.Web.Domain;

/// <summary>A signal the office reads at a glance; every page shows its word too, never the colour alone.</summary>
public enum TrafficLight
{
    /// <summary>Nothing to judge by (no allocation, no earlier follow-up).</summary>
    None,
    Green,
    Yellow,
    Red,
}

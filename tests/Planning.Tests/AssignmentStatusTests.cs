using NamndFollowUp.Events;
using NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning.Tests;

public sealed class AssignmentStatusWordsTests
{
    [Theory]
    [InlineData("Klar")]
    [InlineData("Färdig")]
    [InlineData("klar")]
    [InlineData("KLAR")]
    [InlineData("färdig")]
    [InlineData("FÄRDIG")]
    [InlineData("fÄrDiG")]
    [InlineData("  Klar ")]
    [InlineData("\tFärdig\n")]
    [InlineData("\u00A0Klar\u00A0")]   // non-breaking spaces, as pasted from a Word report
    public void Klar_and_Fardig_in_any_case_and_with_surrounding_whitespace_mean_Done(string word)
    {
        Assert.Equal(AssignmentStatus.Done, AssignmentStatusWords.Parse(word));
    }

    [Theory]
    [InlineData("Pågående", AssignmentStatus.InProgress)]
    [InlineData("pågår", AssignmentStatus.InProgress)]
    [InlineData("Påbörjad", AssignmentStatus.InProgress)]
    [InlineData("Ej påbörjad", AssignmentStatus.NotStarted)]
    [InlineData("ej startad", AssignmentStatus.NotStarted)]
    [InlineData("Avbruten", AssignmentStatus.Cancelled)]
    [InlineData("Struken", AssignmentStatus.Cancelled)]
    [InlineData("Senarelagd", AssignmentStatus.Postponed)]
    [InlineData("Uppskjuten", AssignmentStatus.Postponed)]
    [InlineData("Genomförd", AssignmentStatus.Done)]
    [InlineData("done", AssignmentStatus.Done)]
    [InlineData(" In Progress ", AssignmentStatus.InProgress)]
    public void Other_known_words_map_to_their_status(string word, AssignmentStatus expected)
    {
        Assert.Equal(expected, AssignmentStatusWords.Parse(word));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Klart")]
    [InlineData("Nästan klar")]
    [InlineData("Kanske")]
    [InlineData("3")]
    public void Unknown_words_give_null(string word)
    {
        Assert.Null(AssignmentStatusWords.Parse(word));
    }

    [Theory]
    [InlineData(AssignmentStatus.NotStarted, "Ej påbörjad")]
    [InlineData(AssignmentStatus.InProgress, "Pågående")]
    [InlineData(AssignmentStatus.Done, "Klar")]
    [InlineData(AssignmentStatus.Cancelled, "Avbruten")]
    [InlineData(AssignmentStatus.Postponed, "Senarelagd")]
    public void ToSwedish_gives_the_word_a_report_shows(AssignmentStatus status, string expected)
    {
        Assert.Equal(expected, status.ToSwedish());
    }

    [Fact]
    public void Every_status_survives_ToSwedish_then_Parse()
    {
        foreach (var status in Enum.GetValues<AssignmentStatus>())
        {
            Assert.Equal(status, AssignmentStatusWords.Parse(status.ToSwedish()));
        }
    }

    [Fact]
    public void ToSwedish_rejects_a_value_outside_the_vocabulary()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((AssignmentStatus)0).ToSwedish());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((AssignmentStatus)99).ToSwedish());
    }
}

public sealed class AssignmentStatusReportTests
{
    private static readonly DateTimeOffset T1 = new(2024, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2025, 1, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T3 = new(2025, 1, 21, 8, 0, 0, TimeSpan.Zero);

    private static AssignmentStatusReport New() => AssignmentStatusReport.Create("0380", "SCN", 2024, 14, 12);

    [Fact]
    public void The_first_report_makes_version_one()
    {
        var report = New();
        Assert.Equal(0, report.Version);

        Assert.True(report.Report(AssignmentStatus.InProgress, "Arbetet pågår.", T1));

        Assert.Equal(1, report.Version);
        Assert.Equal(AssignmentStatus.InProgress, report.Status);
        Assert.Equal("Arbetet pågår.", report.Comment);
        Assert.Equal(T1, report.UpdatedAt);
    }

    [Fact]
    public void Reporting_the_same_status_and_comment_changes_nothing()
    {
        var report = New();
        report.Report(AssignmentStatus.Done, "Klart.", T1);

        Assert.False(report.Report(AssignmentStatus.Done, "Klart.", T2));

        Assert.Equal(1, report.Version);
        Assert.Equal(T1, report.UpdatedAt);
    }

    [Fact]
    public void A_changed_status_or_comment_raises_the_version_by_one()
    {
        var report = New();
        report.Report(AssignmentStatus.InProgress, "Pågår.", T1);

        Assert.True(report.Report(AssignmentStatus.Done, "Pågår.", T2));
        Assert.Equal(2, report.Version);
        Assert.Equal(T2, report.UpdatedAt);

        Assert.True(report.Report(AssignmentStatus.Done, "Genomfört under hösten.", T3));
        Assert.Equal(3, report.Version);
        Assert.Equal("Genomfört under hösten.", report.Comment);
    }

    [Fact]
    public void Klar_and_Fardig_reported_in_turn_are_the_same_status_and_no_change()
    {
        var report = New();
        report.Report(AssignmentStatusWords.Parse("Klar")!.Value, "", T1);

        Assert.False(report.Report(AssignmentStatusWords.Parse("Färdig")!.Value, "", T2));
        Assert.Equal(1, report.Version);
    }

    [Fact]
    public void ToReportedEvent_carries_scope_status_version_and_time()
    {
        var report = New();
        report.Report(AssignmentStatus.InProgress, "a", T1);
        report.Report(AssignmentStatus.Done, "b", T2);

        Assert.Equal(
            new AssignmentStatusReported("0380", "SCN", 2024, 14, 12, "Done", 2, T2),
            report.ToReportedEvent());
    }
}

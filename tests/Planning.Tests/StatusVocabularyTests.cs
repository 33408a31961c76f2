using NamndFollowUp.Planning.Documents;
using NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning.Tests;

/// <summary>A municipality's status vocabulary: how it reads words, what it refuses, when a replacement is a change.</summary>
public sealed class StatusVocabularyTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2025, 1, 11, 8, 0, 0, TimeSpan.Zero);

    private static StatusVocabulary Registered(params StatusWord[] words)
    {
        var vocabulary = StatusVocabulary.Create("2584");
        Assert.Empty(StatusVocabulary.Problems(words));
        vocabulary.Replace(words, T1);
        return vocabulary;
    }

    private static readonly StatusWord[] Kiruna =
    [
        new("Genomförd", AssignmentStatus.Done), new("Pågår", AssignmentStatus.InProgress), new("Ej startad", AssignmentStatus.NotStarted),
    ];

    [Theory]
    [InlineData("Genomförd", AssignmentStatus.Done)]
    [InlineData("  genomförd ", AssignmentStatus.Done)]
    [InlineData("\u00A0GENOMFÖRD", AssignmentStatus.Done)]
    [InlineData("pågår", AssignmentStatus.InProgress)]
    [InlineData("Ej startad", AssignmentStatus.NotStarted)]
    public void A_registered_word_reads_as_its_status_in_any_case_and_with_surrounding_spaces(string word, AssignmentStatus expected) =>
        Assert.Equal(expected, Registered(Kiruna).Parse(word));

    [Theory]
    [InlineData("Klar", AssignmentStatus.Done)]
    [InlineData(" klar ", AssignmentStatus.Done)]
    [InlineData("Senare", AssignmentStatus.Postponed)]
    public void A_stored_word_sent_back_keeps_its_stored_status_though_the_vocabulary_no_longer_has_it_or_means_otherwise(string word, AssignmentStatus storedAs)
    {
        // Kiruna's vocabulary has neither "Klar" nor "Senare"; a redefinition of the word would not change the stored line either.
        var vocabulary = Registered([.. Kiruna, new("Omprövad", AssignmentStatus.Cancelled)]);
        Assert.Null(vocabulary.Parse(word));
        Assert.Equal(storedAs, vocabulary.Parse(word, new StatusWord(word.Trim().ToUpperInvariant(), storedAs)));
    }

    [Fact]
    public void Another_word_than_the_stored_one_is_read_with_the_vocabulary_alone()
    {
        var vocabulary = Registered(Kiruna);
        var stored = new StatusWord("Klar", AssignmentStatus.Done);
        Assert.Equal(AssignmentStatus.InProgress, vocabulary.Parse("Pågår", stored));
        Assert.Null(vocabulary.Parse("Färdig", stored));
        Assert.Null(vocabulary.Parse("", new StatusWord("", AssignmentStatus.Done)));
    }

    [Fact]
    public void A_report_and_a_committee_goal_give_their_stored_word_with_its_status_and_none_without_a_word()
    {
        var report = AssignmentStatusReport.Create("2584", "KS", 2024, 14, 35);
        Assert.Null(report.WordAsStored("Klar"));
        report.Report(AssignmentStatus.Done, "Klar", "", null, T1);
        Assert.Equal(new StatusWord("Klar", AssignmentStatus.Done), report.WordAsStored("ignored"));
        report.Report(AssignmentStatus.Postponed, "", "", null, T2);
        // Reported by its code alone: no word, whatever the follow-up's copy says (that copy is for rows stored before the word was kept here).
        Assert.Null(report.WordAsStored("Senarelagd"));

        var content = FollowUpContent.Empty with
        {
            CommitteeGoals = [new("Fler lärlingar", 4, AssignmentStatus.InProgress, [], "", "Pågår"), new("Färre vakanser", 4, AssignmentStatus.Done, [], "")],
        };
        Assert.Equal(new StatusWord("Pågår", AssignmentStatus.InProgress), content.CommitteeGoalWord("Fler lärlingar", 4));
        Assert.Null(content.CommitteeGoalWord("Fler lärlingar", 5));
        Assert.Null(content.CommitteeGoalWord("Färre vakanser", 4));
    }

    [Theory]
    [InlineData("Klar")]
    [InlineData("Färdig")]
    [InlineData("done")]
    [InlineData("Genomfört")]
    [InlineData("")]
    public void A_word_outside_the_registered_vocabulary_is_none_though_the_defaults_know_it(string word) =>
        Assert.Null(Registered(Kiruna).Parse(word));

    [Fact]
    public void The_decomposed_and_composed_spellings_of_a_word_are_one_word()
    {
        // "Genomförd" with ö as o + combining diaeresis, as some exports write it.
        Assert.Equal(AssignmentStatus.Done, Registered(Kiruna).Parse("Genomfo\u0308rd"));
    }

    [Theory]
    [InlineData("ASSIGNMENT_STATUS_CANCELLED", AssignmentStatus.Cancelled)]
    [InlineData("assignment_status_postponed", AssignmentStatus.Postponed)]
    public void The_contracts_codes_read_in_every_vocabulary_even_for_a_status_it_has_no_word_for(string code, AssignmentStatus expected) =>
        Assert.Equal(expected, Registered(Kiruna).Parse(code));

    [Fact]
    public void The_unspecified_code_is_no_status() => Assert.Null(Registered(Kiruna).Parse("ASSIGNMENT_STATUS_UNSPECIFIED"));

    [Fact]
    public void The_words_are_listed_in_the_offices_order() =>
        Assert.Equal("Genomförd, Pågår, Ej startad", Registered(Kiruna).Listed());

    [Fact]
    public void A_municipality_that_registered_none_reads_the_words_the_suite_always_read()
    {
        var defaults = StatusVocabulary.Defaults("0380");
        Assert.Equal(0, defaults.Version);
        Assert.Equal("Klar, Färdig, Genomförd, Pågående, Pågår, Påbörjad, Ej påbörjad, Ej startad, Avbruten, Struken, Senarelagd, Uppskjuten, "
            + "done, in progress, not started, cancelled, postponed", defaults.Listed());
        Assert.Equal(AssignmentStatus.Done, defaults.Parse("Färdig"));
        Assert.Equal(AssignmentStatus.Postponed, defaults.Parse("uppskjuten"));
    }

    [Fact]
    public void The_first_default_word_of_each_status_is_the_word_the_documents_print_for_it()
    {
        foreach (var status in Enum.GetValues<AssignmentStatus>())
        {
            Assert.Equal(status.ToSwedish(), StatusVocabulary.DefaultWords.First(w => w.Status == status).Word);
        }
    }

    [Fact]
    public void No_words_at_all_is_refused()
    {
        var problem = Assert.Single(StatusVocabulary.Problems([]));
        Assert.Equal("words", problem.Field);
    }

    [Fact]
    public void Each_bad_word_is_refused_naming_its_place()
    {
        StatusWord[] words =
        [
            new("Klar", AssignmentStatus.Done),
            new("   ", AssignmentStatus.Done),
            new("KLAR", AssignmentStatus.Done),
            new("Ej påbörjad", (AssignmentStatus)0),
            new(new string('x', 41), AssignmentStatus.Cancelled),
            new("Klar\nså", AssignmentStatus.Done),
            new("ASSIGNMENT_STATUS_DONE", AssignmentStatus.Done),
            new("klar ", AssignmentStatus.InProgress),
            new("Okänd", (AssignmentStatus)99),
        ];

        var problems = StatusVocabulary.Problems(words).ToList();

        Assert.Equal(
            ["words[1].word", "words[2].word", "words[3].status", "words[4].word", "words[5].word", "words[6].word", "words[7].word", "words[8].status"],
            problems.Select(p => p.Field));
        Assert.Equal("is empty", problems[0].Reason);
        Assert.Contains("'KLAR' is already words[0].word ('Klar')", problems[1].Reason);
        Assert.Contains("got 0", problems[2].Reason);
        Assert.Contains("longer than 40 characters (41)", problems[3].Reason);
        Assert.Contains("one line", problems[4].Reason);
        Assert.Contains("contract code", problems[5].Reason);
        // The same word for another status is as much a duplicate: one word cannot mean two statuses.
        Assert.Contains("'klar' is already words[0].word ('Klar')", problems[6].Reason);
        Assert.Contains("got 99", problems[7].Reason);
    }

    [Fact]
    public void A_word_of_exactly_forty_characters_is_accepted() =>
        Assert.Empty(StatusVocabulary.Problems([new(new string('x', 40), AssignmentStatus.Done)]));

    [Fact]
    public void The_first_registration_is_version_one_and_the_same_words_again_no_change()
    {
        var vocabulary = StatusVocabulary.Create("2584");
        Assert.True(vocabulary.Replace(Kiruna, T1));
        Assert.Equal((1L, T1), (vocabulary.Version, vocabulary.UpdatedAt!.Value));

        Assert.False(vocabulary.Replace([.. Kiruna], T2));
        Assert.Equal((1L, T1), (vocabulary.Version, vocabulary.UpdatedAt!.Value));
    }

    [Fact]
    public void Another_order_is_a_change_and_words_are_kept_trimmed()
    {
        var vocabulary = Registered(Kiruna);
        Assert.True(vocabulary.Replace([new(" Pågår ", AssignmentStatus.InProgress), new("Genomförd", AssignmentStatus.Done)], T2));
        Assert.Equal(2, vocabulary.Version);
        Assert.Equal("Pågår, Genomförd", vocabulary.Listed());
        Assert.Null(vocabulary.Parse("Ej startad"));
    }

    [Fact]
    public void Registering_the_defaults_themselves_is_a_change_from_having_none()
    {
        var vocabulary = StatusVocabulary.Create("2584");
        Assert.True(vocabulary.Replace(StatusVocabulary.DefaultWords, T1));
        Assert.Equal(1, vocabulary.Version);
    }
}

/// <summary>The word a status is reported with stays with it, whatever the vocabulary does later.</summary>
public sealed class AssignmentStatusWordKeptTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2025, 1, 11, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_status_reported_with_a_word_keeps_it_while_reports_by_code_keep_the_status()
    {
        var report = AssignmentStatusReport.Create("2584", "SCN", 2024, 14, 35);
        Assert.True(report.Report(AssignmentStatus.Done, "Genomförd", "Klart.", null, T1));
        Assert.Equal((AssignmentStatus.Done, "Genomförd"), (report.Status, report.StatusWord));

        // A comment edited by code, the status the same: the committee's word still says what was reported.
        Assert.True(report.Report(AssignmentStatus.Done, "Klart i december.", T2));
        Assert.Equal(("Genomförd", 2L), (report.StatusWord, report.Version));
        Assert.False(report.Report(AssignmentStatus.Done, "Klart i december.", T2));

        // Another status by code: the word no longer describes it, so it goes.
        Assert.True(report.Report(AssignmentStatus.InProgress, "Klart i december.", T2));
        Assert.Equal(("", 3L), (report.StatusWord, report.Version));
    }

    [Fact]
    public void A_first_report_by_code_has_no_word()
    {
        var report = AssignmentStatusReport.Create("2584", "SCN", 2024, 14, 35);
        report.Report(AssignmentStatus.Cancelled, "", T1);
        Assert.Equal("", report.StatusWord);
    }

    [Fact]
    public void Another_word_for_the_same_status_is_a_change_since_documents_print_the_word()
    {
        var report = AssignmentStatusReport.Create("2584", "SCN", 2024, 14, 35);
        report.Report(AssignmentStatus.Done, "Klar", "", null, T1);
        Assert.True(report.Report(AssignmentStatus.Done, "Färdig", "", null, T2));
        Assert.Equal(("Färdig", 2L), (report.StatusWord, report.Version));
        Assert.False(report.Report(AssignmentStatus.Done, "Färdig", "", null, T2));
    }

    [Fact]
    public void Bilaga_1_prints_a_word_of_any_vocabulary_with_its_status()
    {
        // "Slutförd" is no default word: still the committee's, printed as written.
        Assert.Equal("Slutförd", FollowUpDocumentModel.StatusWord(Contracts.Planning.V1.AssignmentStatus.Done, "Slutförd"));
        // A status reported by code prints the suite's word for it.
        Assert.Equal("Avbruten", FollowUpDocumentModel.StatusWord(Contracts.Planning.V1.AssignmentStatus.Cancelled, ""));
    }
}

using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Web.Domain;

namespace NamndFollowUp.Web.Tests;

/// <summary>What the status form offers and selects for one assignment (<see cref="StatusChoice"/>), without a browser.</summary>
public sealed class StatusChoiceTests
{
    // An office's vocabulary: two words for done (the seed writes both), one for in progress, none for postponed.
    private static readonly StatusVocabularyWord[] Vocabulary =
    [
        new() { Word = "Klar", Status = AssignmentStatus.Done }, new() { Word = "Färdig", Status = AssignmentStatus.Done },
        new() { Word = "Pågående", Status = AssignmentStatus.InProgress },
    ];

    [Fact]
    public void The_committees_stored_word_is_selected_among_the_vocabulary()
    {
        var choice = StatusChoice.For(Vocabulary, AssignmentStatus.Done, "Färdig");

        Assert.Equal(["Klar", "Färdig", "Pågående"], choice.Words);
        Assert.Equal("Färdig", choice.Selected);
        Assert.Null(choice.Kept);
    }

    [Fact]
    public void A_stored_word_is_matched_whatever_its_letter_case_and_spaces()
    {
        Assert.Equal("Färdig", StatusChoice.For(Vocabulary, AssignmentStatus.Done, " FÄRDIG ").Selected);
    }

    [Fact]
    public void A_status_reported_by_code_selects_the_vocabularys_first_word_for_it()
    {
        Assert.Equal("Klar", StatusChoice.For(Vocabulary, AssignmentStatus.Done, "").Selected);
    }

    [Fact]
    public void Nothing_reported_yet_selects_nothing()
    {
        var choice = StatusChoice.For(Vocabulary, AssignmentStatus.Unspecified, "");

        Assert.Equal(["Klar", "Färdig", "Pågående"], choice.Words);
        Assert.Null(choice.Selected);
    }

    [Fact]
    public void A_word_the_office_has_dropped_stays_offered_first_and_is_kept_when_chosen_again()
    {
        var choice = StatusChoice.For(Vocabulary, AssignmentStatus.Done, "Genomförd");

        Assert.Equal(["Klar", "Färdig", "Pågående"], choice.Words);
        Assert.Equal(((string?)null, "Genomförd"), (choice.Selected, choice.Kept));
        Assert.Equal(StatusChoice.KeepValue, choice.Chosen(StatusChoice.KeepValue));
        // The word itself is no choice: planning would refuse it.
        Assert.Null(choice.Chosen("Genomförd"));
    }

    [Fact]
    public void A_status_the_vocabulary_has_no_word_for_is_kept_under_the_suites_name()
    {
        var choice = StatusChoice.For(Vocabulary, AssignmentStatus.Postponed, "");

        Assert.Equal(((string?)null, "Senarelagd"), (choice.Selected, choice.Kept));
    }

    [Fact]
    public void A_word_that_now_means_another_status_gives_way_to_the_vocabularys_word_for_the_stored_status()
    {
        // "Klar" stored as in progress, from before the office's vocabulary made it mean done: the form must not show
        // a word meaning done for a status in progress (saving it unchanged would change the status).
        var choice = StatusChoice.For(Vocabulary, AssignmentStatus.InProgress, "Klar");

        Assert.Equal(("Pågående", (string?)null), (choice.Selected, choice.Kept));
    }

    [Fact]
    public void Without_a_kept_status_an_empty_choice_is_none()
    {
        Assert.Null(StatusChoice.For(Vocabulary, AssignmentStatus.Unspecified, "").Chosen(""));
        Assert.Null(StatusChoice.For(Vocabulary, AssignmentStatus.Done, "Klar").Chosen(""));
    }

    [Theory]
    [InlineData("Färdig", "Färdig")]
    [InlineData("färdig", "Färdig")]
    [InlineData("Slutförd", null)]
    [InlineData(null, null)]
    public void Only_an_offered_word_is_taken_from_the_form(string? posted, string? chosen)
    {
        Assert.Equal(chosen, StatusChoice.For(Vocabulary, AssignmentStatus.Done, "Klar").Chosen(posted));
    }
}

using Microsoft.EntityFrameworkCore;
using NamndFollowUp.ServiceDefaults.Data;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Tests;

/// <summary>The one classification of a write that collided with another (<see cref="ConcurrentWrite"/>), as the unit of work and keyfigures' retries ask it.</summary>
public sealed class ConcurrentWriteTests
{
    private static DbUpdateException Saved(string sqlState) =>
        new("save", new PostgresException("refused", "ERROR", "ERROR", sqlState));

    [Fact]
    public void Rows_changed_or_inserted_first_by_another_writer_are_a_row_conflict()
    {
        Assert.True(ConcurrentWrite.IsRowConflict(new DbUpdateConcurrencyException("changed")));
        Assert.True(ConcurrentWrite.IsRowConflict(Saved(PostgresErrorCodes.UniqueViolation)));
        Assert.True(ConcurrentWrite.IsRowConflict(new InvalidOperationException("wrapped", Saved(PostgresErrorCodes.UniqueViolation))));
    }

    [Fact]
    public void Refusals_that_no_retry_would_pass_are_neither()
    {
        foreach (var state in new[] { PostgresErrorCodes.ForeignKeyViolation, PostgresErrorCodes.CheckViolation, PostgresErrorCodes.NotNullViolation })
        {
            Assert.False(ConcurrentWrite.IsRowConflict(Saved(state)), state);
            Assert.False(ConcurrentWrite.Is(Saved(state)), state);
        }
        Assert.False(ConcurrentWrite.IsRowConflict(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void Deadlocks_and_serialization_failures_are_collisions_but_not_row_conflicts()
    {
        Assert.True(ConcurrentWrite.Is(Saved(PostgresErrorCodes.DeadlockDetected)));
        Assert.True(ConcurrentWrite.Is(Saved(PostgresErrorCodes.SerializationFailure)));
        Assert.False(ConcurrentWrite.IsRowConflict(Saved(PostgresErrorCodes.DeadlockDetected)));
    }
}

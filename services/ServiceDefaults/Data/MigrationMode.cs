namespace NamndFollowUp.ServiceDefaults.Data;

/// <summary>What a service does about its database schema at start (Database:Migrations).</summary>
public enum MigrationMode
{
    /// <summary>Apply the pending migrations, then serve: one process on one machine.</summary>
    Apply,

    /// <summary>Apply none; wait until the schema has every migration, then serve: replicas, beside a migration Job.</summary>
    Wait,

    /// <summary>Apply the pending migrations and exit: the migration Job.</summary>
    ApplyAndExit,
}

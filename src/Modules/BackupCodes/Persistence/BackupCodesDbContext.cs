using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Persistence;

/// <summary>The BackupCodes module's own database: a file of its own on SQLite, the schema <c>backup_codes</c> elsewhere.</summary>
internal class BackupCodesDbContext : DbContext
{
    public const string Module = "BackupCodes";

    public const string OneCurrentSetIndex = "IX_backup_code_sets_one_current_per_user";

    public BackupCodesDbContext(DbContextOptions<BackupCodesDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subtype (<see cref="PostgreSqlBackupCodesDbContext"/>), which only binds other migrations.</summary>
    protected BackupCodesDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<BackupCodeSet> Sets => Set<BackupCodeSet>();

    public DbSet<BackupCode> Codes => Set<BackupCode>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseProviderNeutralTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Database, Module);
        // Security events are staged here, in the transaction of the change they record (ADR 0013).
        modelBuilder.HasSecurityEventOutbox();

        modelBuilder.Entity<BackupCodeSet>(set =>
        {
            set.ToTable("backup_code_sets");
            set.HasKey(s => s.Id);
            set.Property(s => s.UserId).HasMaxLength(256).IsRequired();
            set.HasIndex(s => new { s.UserId, s.RetiredAt });
            // One current set per user, decided by the database: of two concurrent generations the second insert fails
            // (GenerateBackupCodes answers CONFLICT). The filter reads the same on SQLite and PostgreSQL.
            set.HasIndex(s => s.UserId).IsUnique().HasFilter("\"RetiredAt\" IS NULL").HasDatabaseName(OneCurrentSetIndex);
            set.HasMany(s => s.Codes).WithOne().HasForeignKey(c => c.SetId).OnDelete(DeleteBehavior.Cascade);
            set.Ignore(s => s.IsAcknowledged);
        });
        modelBuilder.Entity<BackupCode>(code =>
        {
            code.ToTable("backup_codes");
            code.HasKey(c => c.Id);
            code.Property(c => c.Hash).IsRequired();
            code.HasIndex(c => new { c.SetId, c.Position }).IsUnique();
        });
    }
}

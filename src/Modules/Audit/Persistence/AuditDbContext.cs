using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Audit.Persistence;

/// <summary>The Audit module's own database: a file of its own on SQLite, the schema <c>audit</c> elsewhere.</summary>
internal class AuditDbContext : DbContext
{
    public const string Module = "Audit";

    public AuditDbContext(DbContextOptions<AuditDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subtype (<see cref="PostgreSqlAuditDbContext"/>), which only binds other migrations.</summary>
    protected AuditDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<AuditRecord> Records => Set<AuditRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseProviderNeutralTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Database, Module);
        modelBuilder.Entity<AuditRecord>(record =>
        {
            record.ToTable("audit_events");
            record.HasKey(r => r.Id);
            record.Property(r => r.Id).ValueGeneratedOnAdd();
            record.Property(r => r.Type).HasMaxLength(64).IsRequired();
            record.Property(r => r.UserId).HasMaxLength(256);
            record.Property(r => r.Actor).HasMaxLength(320).IsRequired();
            record.Property(r => r.RelyingParty).HasMaxLength(1024);
            record.Property(r => r.ClientIp).HasMaxLength(64);
            record.Property(r => r.Method).HasMaxLength(32);
            record.Property(r => r.Reason).HasMaxLength(512);
            record.Property(r => r.Detail).HasMaxLength(512);
            record.Property(r => r.CorrelationId).HasMaxLength(128);
            record.HasIndex(r => new { r.UserId, r.Id });
            record.HasIndex(r => new { r.Type, r.Id });
            record.HasIndex(r => r.OccurredAt);
            // Null for events published directly (delivered once); both providers let NULLs repeat in a unique index.
            record.HasIndex(r => r.EventId).IsUnique();
        });
    }
}

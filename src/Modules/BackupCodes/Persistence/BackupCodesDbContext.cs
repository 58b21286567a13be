using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Persistence;

/// <summary>The BackupCodes module's own database: a file of its own on SQLite, the schema <c>backup_codes</c> elsewhere.</summary>
internal sealed class BackupCodesDbContext(DbContextOptions<BackupCodesDbContext> options) : DbContext(options)
{
    public const string Module = "BackupCodes";
    public const string Schema = "backup_codes";

    public DbSet<BackupCodeSet> Sets => Set<BackupCodeSet>();

    public DbSet<BackupCode> Codes => Set<BackupCode>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseProviderNeutralTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (!Database.IsSqlite())
            modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<BackupCodeSet>(set =>
        {
            set.ToTable("backup_code_sets");
            set.HasKey(s => s.Id);
            set.Property(s => s.UserId).HasMaxLength(256).IsRequired();
            set.HasIndex(s => new { s.UserId, s.RetiredAt });
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

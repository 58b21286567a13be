using MfaMonolith.Host.ApiClients;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Host.Persistence;

/// <summary>
/// The Host's own state, apart from every module: the Data Protection key ring (shared by all instances, itself
/// encrypted with the key-encryption certificate) and the server-side sign-in sessions.
/// </summary>
internal class HostDbContext : DbContext, IDataProtectionKeyContext
{
    public const string Module = "Host";

    public HostDbContext(DbContextOptions<HostDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subtype (<see cref="PostgreSqlHostDbContext"/>), which only binds other migrations.</summary>
    protected HostDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseProviderNeutralTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Database, Module);
        // Security events are staged here, in the transaction of the change they record (ADR 0013).
        modelBuilder.HasSecurityEventOutbox();
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.Entity<UserSession>(session =>
        {
            session.ToTable("user_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).HasMaxLength(64);
            session.Property(s => s.UserId).HasMaxLength(256).IsRequired();
            session.HasIndex(s => s.UserId);
        });
        modelBuilder.Entity<ApiClient>(client =>
        {
            client.ToTable("api_clients");
            client.HasKey(c => c.Name);
            client.Property(c => c.Name).HasMaxLength(64);
            client.Property(c => c.KeySha256).HasMaxLength(64).IsRequired();
            client.HasIndex(c => c.KeySha256).IsUnique();
            client.Ignore(c => c.ScopeList);
        });
    }
}

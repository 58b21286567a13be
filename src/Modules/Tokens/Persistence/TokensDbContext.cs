using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Persistence;

/// <summary>The Tokens module's own database: a file of its own on SQLite, the schema <c>tokens</c> elsewhere.</summary>
internal class TokensDbContext : DbContext
{
    public const string Module = "Tokens";

    public TokensDbContext(DbContextOptions<TokensDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subtype (<see cref="PostgreSqlTokensDbContext"/>), which only binds other migrations.</summary>
    protected TokensDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<TotpToken> Tokens => Set<TotpToken>();

    public DbSet<SecurityKey> SecurityKeys => Set<SecurityKey>();

    public DbSet<WebAuthnCeremony> Ceremonies => Set<WebAuthnCeremony>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseProviderNeutralTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Database, Module);
        // Security events are staged here, in the transaction of the change they record (ADR 0013).
        modelBuilder.HasSecurityEventOutbox();

        modelBuilder.Entity<TotpToken>(token =>
        {
            token.ToTable("totp_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.UserId).HasMaxLength(256).IsRequired();
            token.Property(t => t.Description).HasMaxLength(256).IsRequired();
            token.Property(t => t.ProtectedSecret).IsRequired();
            // Every change of state is checked against the state it was read in: two instances expiring (or revoking)
            // the same token at once cannot both succeed, so each transition is recorded once.
            token.Property(t => t.State).HasConversion<int>().IsConcurrencyToken();
            token.HasIndex(t => new { t.UserId, t.State });
            // SHA-1 (0) for every token made before imports existed: the migration gives the column that default.
            token.Property(t => t.Hash).HasConversion<int>();
            token.Property(t => t.ImportSerial).HasMaxLength(128);
            // The import's key: a token of a user is imported once however often the file is (NULLs never collide).
            token.HasIndex(t => new { t.UserId, t.ImportSerial }).IsUnique();
        });

        modelBuilder.Entity<SecurityKey>(key =>
        {
            key.ToTable("security_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.UserId).HasMaxLength(256).IsRequired();
            key.Property(k => k.Description).HasMaxLength(256).IsRequired();
            // WebAuthn allows ids of up to 1023 bytes; a credential belongs to one key of one user, ever.
            key.Property(k => k.CredentialId).HasMaxLength(1023).IsRequired();
            key.HasIndex(k => k.CredentialId).IsUnique();
            key.Property(k => k.PublicKey).IsRequired();
            key.Property(k => k.UserHandle).HasMaxLength(64).IsRequired();
            key.Property(k => k.Transports).HasMaxLength(256).IsRequired();
            key.Property(k => k.State).HasConversion<int>().IsConcurrencyToken();
            key.HasIndex(k => new { k.UserId, k.State });
        });

        modelBuilder.Entity<WebAuthnCeremony>(ceremony =>
        {
            ceremony.ToTable("webauthn_ceremonies");
            ceremony.HasKey(c => c.Id);
            ceremony.Property(c => c.UserId).HasMaxLength(256).IsRequired();
            ceremony.Property(c => c.Kind).HasConversion<int>();
            ceremony.Property(c => c.Channel).HasConversion<int>();
            ceremony.Property(c => c.OptionsJson).IsRequired();
            ceremony.Property(c => c.Description).HasMaxLength(256);
            ceremony.Property(c => c.RelyingParty).HasMaxLength(1024);
            // The sweeper deletes expired ceremonies by this.
            ceremony.HasIndex(c => c.ExpiresAt);
        });
    }
}

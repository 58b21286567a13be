using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Persistence;

/// <summary>The Tokens module's own database: a file of its own on SQLite, the schema <c>tokens</c> elsewhere.</summary>
internal sealed class TokensDbContext(DbContextOptions<TokensDbContext> options) : DbContext(options)
{
    public const string Module = "Tokens";
    public const string Schema = "tokens";

    public DbSet<TotpToken> Tokens => Set<TotpToken>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseProviderNeutralTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (!Database.IsSqlite())
            modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<TotpToken>(token =>
        {
            token.ToTable("totp_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.UserId).HasMaxLength(256).IsRequired();
            token.Property(t => t.Description).HasMaxLength(256).IsRequired();
            token.Property(t => t.ProtectedSecret).IsRequired();
            token.Property(t => t.State).HasConversion<int>();
            token.HasIndex(t => new { t.UserId, t.State });
        });
    }
}

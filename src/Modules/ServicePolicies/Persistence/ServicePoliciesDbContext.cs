using System.Text.Json;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MfaMonolith.Modules.ServicePolicies.Persistence;

/// <summary>The ServicePolicies module's own database: a file of its own on SQLite, the schema <c>service_policies</c> elsewhere.</summary>
internal class ServicePoliciesDbContext : DbContext
{
    public const string Module = "ServicePolicies";

    public ServicePoliciesDbContext(DbContextOptions<ServicePoliciesDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subtype (<see cref="PostgreSqlServicePoliciesDbContext"/>), which only binds other migrations.</summary>
    protected ServicePoliciesDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<ServiceCategory> Categories => Set<ServiceCategory>();

    public DbSet<RelyingParty> RelyingParties => Set<RelyingParty>();

    public DbSet<MfaSetting> Settings => Set<MfaSetting>();

    public DbSet<VerificationLockout> Lockouts => Set<VerificationLockout>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseProviderNeutralTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseModuleSchema(Database, Module);
        // Security events are staged here, in the transaction of the change they record (ADR 0013).
        modelBuilder.HasSecurityEventOutbox();

        modelBuilder.Entity<ServiceCategory>(category =>
        {
            category.ToTable("service_categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Id).HasMaxLength(128);
            category.Property(c => c.Label).HasMaxLength(256).IsRequired();
            category.Property(c => c.Labels).HasConversion(LabelsToJson, LabelsComparer).IsRequired();
            category.Ignore(c => c.EffectiveLabels);
            category.HasMany(c => c.RelyingParties).WithOne().HasForeignKey(rp => rp.CategoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RelyingParty>(rp =>
        {
            rp.ToTable("relying_parties");
            rp.HasKey(r => r.Id);
            rp.Property(r => r.Id).HasMaxLength(1024);
            rp.Property(r => r.Label).HasMaxLength(256).IsRequired();
            rp.Property(r => r.Labels).HasConversion(LabelsToJson, LabelsComparer).IsRequired();
            rp.Ignore(r => r.EffectiveLabels);
        });
        // Lists are stored as JSON text: the same on every provider, and a setting is always read whole.
        var stringList = new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), l => l.ToList());
        modelBuilder.Entity<MfaSetting>(setting =>
        {
            setting.ToTable("mfa_settings");
            setting.HasKey(s => s.UserId);
            setting.Property(s => s.UserId).HasMaxLength(256);
            setting.Property(s => s.Mode).HasConversion<int>();
            setting.Property(s => s.IncludedCategories).HasConversion(l => JsonSerializer.Serialize(l, JsonOptions), s => JsonSerializer.Deserialize<List<string>>(s, JsonOptions) ?? new List<string>(), stringList);
            setting.Property(s => s.ExcludedRelyingParties).HasConversion(l => JsonSerializer.Serialize(l, JsonOptions), s => JsonSerializer.Deserialize<List<string>>(s, JsonOptions) ?? new List<string>(), stringList);
        });
        modelBuilder.Entity<VerificationLockout>(lockout =>
        {
            lockout.ToTable("verification_lockouts");
            lockout.HasKey(l => l.UserId);
            lockout.Property(l => l.UserId).HasMaxLength(256);
        });
    }

    private static readonly JsonSerializerOptions JsonOptions = JsonSerializerOptions.Default;

    // Labels per language as one JSON object ({"en": "…", "cs": "…"}): always read and written whole, like Perun's.
    private static readonly ValueConverter<Dictionary<string, string>, string> LabelsToJson = new(
        labels => JsonSerializer.Serialize(labels, JsonOptions),
        json => new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonOptions) ?? new(), StringComparer.Ordinal));

    private static readonly ValueComparer<Dictionary<string, string>> LabelsComparer = new(
        (a, b) => a!.Count == b!.Count && a.All(l => b.ContainsKey(l.Key) && b[l.Key] == l.Value),
        labels => labels.OrderBy(l => l.Key, StringComparer.Ordinal).Aggregate(0, (h, l) => HashCode.Combine(h, l.Key.GetHashCode(StringComparison.Ordinal), l.Value.GetHashCode(StringComparison.Ordinal))),
        labels => new Dictionary<string, string>(labels, StringComparer.Ordinal));
}

using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// A security event staged in the database of the module that caused it, in the same transaction as the change it
/// records; removed once the Audit module has recorded it. Never holds a code or a secret (the events carry none).
/// </summary>
public sealed class PendingSecurityEvent
{
    // The audit record's column sizes: a longer value is clipped here, so staging can never fail the module's change.
    public const int UserIdLength = 256;
    public const int ActorLength = 320;
    public const int RelyingPartyLength = 1024;
    public const int MethodLength = 32;
    public const int ReasonLength = 512;
    public const int DetailLength = 512;
    public const int ClientIpLength = 64;
    public const int CorrelationIdLength = 128;
    public const int ConsequenceLength = 128;

    public Guid Id { get; set; }
    public SecurityEventType Type { get; set; }
    public string? UserId { get; set; }
    public string Actor { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string? RelyingParty { get; set; }
    public string? Method { get; set; }
    public string? Reason { get; set; }
    public string? Detail { get; set; }
    public string? ClientIp { get; set; }
    public string? CorrelationId { get; set; }

    /// <summary>The stable name of the consequence this change has in another module (<see cref="IConsequence"/>), if any.</summary>
    public string? Consequence { get; set; }

    /// <summary>The consequence as JSON: ids and times only, never a code or a secret.</summary>
    public string? ConsequencePayload { get; set; }

    /// <summary>When it was staged; a row still here well after that was never delivered (a crash) and is redelivered.</summary>
    public DateTimeOffset StagedAt { get; set; }

    public static PendingSecurityEvent From(SecurityEventOccurred evt, string? clientIp, string? correlationId, DateTimeOffset stagedAt) => new()
    {
        Id = Guid.CreateVersion7(),
        Type = evt.Type,
        UserId = Clip(evt.UserId, UserIdLength),
        Actor = Clip(evt.Actor, ActorLength) ?? "",
        OccurredAt = evt.OccurredAt,
        RelyingParty = Clip(evt.RelyingParty, RelyingPartyLength),
        Method = Clip(evt.Method, MethodLength),
        Reason = Clip(evt.Reason, ReasonLength),
        Detail = Clip(evt.Detail, DetailLength),
        ClientIp = Clip(clientIp, ClientIpLength),
        CorrelationId = Clip(correlationId, CorrelationIdLength),
        StagedAt = stagedAt,
    };

    public SecurityEventOccurred ToEvent() =>
        new(Type, UserId, Actor, OccurredAt, RelyingParty, Method, Reason, Detail) { EventId = Id, ClientIp = ClientIp, CorrelationId = CorrelationId };

    public static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}

public static class SecurityEventOutboxModel
{
    public const string Table = "security_event_outbox";

    /// <summary>Gives the calling module's DbContext its outbox table (in the module's schema, where there are schemas).</summary>
    public static ModelBuilder HasSecurityEventOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PendingSecurityEvent>(pending =>
        {
            pending.ToTable(Table);
            pending.HasKey(p => p.Id);
            pending.Property(p => p.Id).ValueGeneratedNever();
            pending.Property(p => p.Type).HasConversion<string>().HasMaxLength(64);
            pending.Property(p => p.UserId).HasMaxLength(PendingSecurityEvent.UserIdLength);
            pending.Property(p => p.Actor).HasMaxLength(PendingSecurityEvent.ActorLength).IsRequired();
            pending.Property(p => p.RelyingParty).HasMaxLength(PendingSecurityEvent.RelyingPartyLength);
            pending.Property(p => p.Method).HasMaxLength(PendingSecurityEvent.MethodLength);
            pending.Property(p => p.Reason).HasMaxLength(PendingSecurityEvent.ReasonLength);
            pending.Property(p => p.Detail).HasMaxLength(PendingSecurityEvent.DetailLength);
            pending.Property(p => p.ClientIp).HasMaxLength(PendingSecurityEvent.ClientIpLength);
            pending.Property(p => p.CorrelationId).HasMaxLength(PendingSecurityEvent.CorrelationIdLength);
            pending.Property(p => p.Consequence).HasMaxLength(PendingSecurityEvent.ConsequenceLength);
            // The sweeper looks for old rows.
            pending.HasIndex(p => p.StagedAt);
        });
        return modelBuilder;
    }
}

using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.Audit.Contracts;

/// <summary>Dashboard figures: how many events of each type were recorded since <paramref name="Since"/>.</summary>
public sealed record CountEvents(DateTimeOffset Since) : IQuery<IReadOnlyDictionary<SecurityEventType, int>>;

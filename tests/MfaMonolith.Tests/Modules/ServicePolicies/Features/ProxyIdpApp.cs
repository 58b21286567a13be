using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>A <see cref="SharedMfaApp"/> with the ProxyIdP test clients configured; its clock never moves.</summary>
public sealed class ProxyIdpApp : IDisposable
{
    public ProxyIdpApp() => Shared.App.WithApiClients();

    public SharedMfaApp Shared { get; } = new();

    public MfaAppFactory App => Shared.App;

    public void Dispose() => Shared.Dispose();
}

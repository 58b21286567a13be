using MfaMonolith.SharedKernel.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MfaMonolith.Host.Platform.Telemetry;

/// <summary>
/// The product's metrics (<see cref="MfaMetrics"/>) and ASP.NET Core's own, sent by OTLP only when
/// <c>Mfa:Telemetry:OtlpEndpoint</c> names a collector: nothing leaves the machine by default.
/// </summary>
internal static class ProductTelemetry
{
    public const string EndpointKey = "Mfa:Telemetry:OtlpEndpoint";
    public const string ProtocolKey = "Mfa:Telemetry:OtlpProtocol";
    public const string IntervalKey = "Mfa:Telemetry:ExportIntervalSeconds";

    public static IServiceCollection AddProductTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<MfaMetrics>();
        if (configuration[EndpointKey] is not { Length: > 0 } endpoint)
            return services;

        var exporter = ExporterSettings(endpoint, configuration[ProtocolKey], configuration.GetValue(IntervalKey, 60.0));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mfa-monolith"))
            .WithMetrics(metrics => metrics
                .AddMeter(MfaMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter((otlp, reader) =>
                {
                    otlp.Endpoint = exporter.Endpoint;
                    otlp.Protocol = exporter.Protocol;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = exporter.IntervalMilliseconds;
                }));
        return services;
    }

    /// <summary>A wrong value stops the start with a message that names the key, rather than losing the metrics quietly.</summary>
    internal static (Uri Endpoint, OtlpExportProtocol Protocol, int IntervalMilliseconds) ExporterSettings(string endpoint, string? protocol, double intervalSeconds)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{EndpointKey} must be an absolute http(s) address of an OTLP collector, e.g. http://collector:4318; not '{endpoint}'.");
        var otlpProtocol = protocol switch
        {
            null or "" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            _ => throw new InvalidOperationException($"{ProtocolKey} must be 'http/protobuf' (the default) or 'grpc'; not '{protocol}'."),
        };
        if (intervalSeconds is < 0.1 or > 3600)
            throw new InvalidOperationException($"{IntervalKey} must be between 0.1 and 3600 seconds; not {intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");

        // Over HTTP the exporter posts to the address as given: the collector's base address gets the signal's path.
        if (otlpProtocol == OtlpExportProtocol.HttpProtobuf && uri.AbsolutePath is "/" or "")
            uri = new Uri(uri, "v1/metrics");
        return (uri, otlpProtocol, (int)(intervalSeconds * 1000));
    }
}

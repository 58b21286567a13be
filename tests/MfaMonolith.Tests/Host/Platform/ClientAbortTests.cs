using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.Tests.Host.Platform;

/// <summary>A client that goes away mid-request is the client's business: no error in the server's log.</summary>
public sealed class ClientAbortTests
{
    private const string ClientAborts = "MfaMonolith.Host.Platform.ClientAborts";

    [Fact]
    public async Task A_client_that_announces_more_body_than_it_sends_and_leaves_is_logged_as_information_not_as_an_error()
    {
        var logs = new TestLogs();
        using var app = new MfaAppFactory { Logs = logs };
        var address = app.StartOnRealPort();

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(address.Host, address.Port);
            var stream = client.GetStream();
            var request = $"POST /graphql HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"query\":\"";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            await stream.FlushAsync();
            // Give the server the head and the first 10 bytes of the body before the connection ends.
            await Task.Delay(200);
        }

        // Until the server has made up its mind about the request: an error, or the information that the client left.
        var waited = Stopwatch.StartNew();
        while (!logs.Entries.Any(e => e.Level >= LogLevel.Error || e.Category == ClientAborts) && waited.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(50);

        logs.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
        logs.Entries.ShouldContain(e => e.Category == ClientAborts && e.Level == LogLevel.Information && e.Message.Contains("POST /graphql", StringComparison.Ordinal),
            string.Join("\n", logs.Entries));
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using MfaMonolith.Modules.ServicePolicies.Contracts;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>
/// <c>import settings FILE</c>: Perun's <c>mfaEnforceSettings</c>, one user per line,
/// <c>{"userId": "…", "value": {"all": true}}</c> or <c>{"userId": "…", "value": {"include_categories": […],
/// "exclude_rps": […]}}</c> (the value also as the JSON string Perun stores), into the ServicePolicies module through
/// its public <see cref="ImportSettings"/> command; the module validates each against its catalogue. <c>export
/// settings</c> writes the same lines.
/// </summary>
internal sealed class SettingsImport(IServiceProvider services)
{
    public async Task<ImportReport> RunAsync(Stream file, ImportOptions options, TextWriter output, CancellationToken ct)
    {
        var report = new ImportReport();
        var progress = new ImportProgress(output, options.OnTerminal, file.CanSeek ? file.Length : 0);
        using var reader = new StreamReader(file, leaveOpen: true);
        var seenUsers = new Dictionary<string, int>(StringComparer.Ordinal);
        var batches = new ImportBatches<SettingToImport>(services, file, options, progress, report, (mediator, batch, report, ct) => SendAsync(mediator, batch, options.DryRun, report, ct));
        foreach (var line in ImportFileLines.Read(reader))
        {
            var (setting, refusal) = line.Refusal is null ? Parse(line.Text) : (null, line.Refusal);
            if (setting is not null && !seenUsers.TryAdd(setting.UserId, line.Number))
            {
                refusal = string.Create(CultureInfo.InvariantCulture, $"user {setting.UserId}: a second setting (first on line {seenUsers[setting.UserId]})");
                setting = null;
            }

            if (setting is null)
            {
                report.Refuse(line.Number, refusal!);
                continue;
            }

            await batches.AddAsync(line.Number, setting, ct);
        }

        await batches.FinishAsync(ct);
        return report;
    }

    public static (SettingToImport? Setting, string? Refusal) Parse(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject line)
                return (null, "not a JSON object");
            var userId = line["userId"] is JsonValue id && id.TryGetValue<string>(out var s) ? s.Trim() : "";
            if (userId.Length == 0)
                return (null, "no userId");
            var value = line["value"];
            // Perun keeps the attribute's value as a JSON string.
            if (value is JsonValue encoded && encoded.TryGetValue<string>(out var inner))
                value = JsonNode.Parse(inner);
            if (value is not JsonObject setting)
                return (null, $"user {userId}: no value object");
            if (setting.Any(p => p.Key is not ("all" or "include_categories" or "exclude_rps")))
                return (null, $"user {userId}: unknown key in the value ({string.Join(", ", setting.Select(p => p.Key).Where(k => k is not ("all" or "include_categories" or "exclude_rps")))})");
            var all = setting["all"] is JsonValue a && a.TryGetValue<bool>(out var flag) && flag;
            if (setting["all"] is not null && !all)
                return (null, $"user {userId}: \"all\" must be true");
            var include = Strings(setting["include_categories"]);
            var exclude = Strings(setting["exclude_rps"]);
            if (include is null || exclude is null)
                return (null, $"user {userId}: include_categories and exclude_rps must be lists of strings");
            return (new SettingToImport(userId, all, include, exclude), null);
        }
        catch (JsonException)
        {
            return (null, "not valid JSON (a truncated or broken line)");
        }
    }

    private static List<string>? Strings(JsonNode? node) =>
        node switch
        {
            null => [],
            JsonArray array when array.All(e => e is JsonValue v && v.TryGetValue<string>(out _)) => [.. array.Select(e => e!.GetValue<string>())],
            _ => null,
        };

    private static async Task SendAsync(IMediator mediator, IReadOnlyList<(int Line, SettingToImport Setting)> batch, bool dryRun, ImportReport report, CancellationToken ct)
    {
        var outcomes = await mediator.Send(new ImportSettings([.. batch.Select(b => b.Setting)], TokenImport.Actor, dryRun), ct);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Refusal is { } refusal)
                report.Refuse(batch[i].Line, $"user {batch[i].Setting.UserId}: {refusal}");
            else if (outcomes[i].Imported)
                report.CountImported();
            else
                report.CountUnchanged();
        }
    }

    /// <summary><c>export settings</c>: the lines <see cref="Parse"/> reads, a page at a time.</summary>
    public async Task ExportAsync(TextWriter output, CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var page = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExportSettings(after, 1000), ct);
            foreach (var setting in page)
            {
                JsonObject value = setting.All
                    ? new JsonObject { ["all"] = true }
                    : new JsonObject
                    {
                        ["include_categories"] = new JsonArray([.. setting.IncludeCategories.Select(c => (JsonNode)c)]),
                        ["exclude_rps"] = new JsonArray([.. setting.ExcludeRelyingParties.Select(c => (JsonNode)c)]),
                    };
                await output.WriteLineAsync(new JsonObject { ["userId"] = setting.UserId, ["value"] = value }.ToJsonString());
            }

            if (page.Count < 1000)
                return;
            after = page[^1].UserId;
        }
    }
}

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// fsyncs one WAL file for everyone who committed to it: a caller gets an fsync that starts after it asked, and all
/// who ask while one runs share the next. An fsync of a fresh descriptor flushes what every connection wrote to the
/// file, since the kernel syncs the file, not the descriptor.
/// </summary>
public sealed class WalFlusher(string walPath, Action<string>? fsync = null)
{
    private readonly Action<string> sync = fsync ?? Fsync;
    private readonly Lock gate = new();
    private Task running = Task.CompletedTask;
    private Task? next;
    private long fsyncs;

    public long Fsyncs => Interlocked.Read(ref fsyncs);

    public Task FlushAsync()
    {
        lock (gate)
        {
            if (next is not null)
                return next;
            if (running.IsCompleted)
                return running = Task.Run(SyncNow);
            return next = SyncAfterAsync(running);
        }
    }

    private async Task SyncAfterAsync(Task previous)
    {
        // Yield whatever the state of the previous one, so that this runs after FlushAsync has published it as next.
        await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding | ConfigureAwaitOptions.SuppressThrowing);
        lock (gate)
        {
            running = next!;
            next = null;
        }

        SyncNow();
    }

    private void SyncNow()
    {
        Interlocked.Increment(ref fsyncs);
        sync(walPath);
    }

    private static void Fsync(string path)
    {
        try
        {
            using var wal = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            wal.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // No WAL: the last connection checkpointed it into the database file, synced, and removed it.
        }
    }
}

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// A first-come, first-served lock for one SQLite file's writer that hands itself over quickly under load. A
/// SemaphoreSlim resumes the next waiter through the thread pool's global queue, behind every request already queued:
/// at 64 concurrent logins the file then stood idle for that whole queue between two writers, a few milliseconds each
/// time (ADR 0017). Here the next waiter resumes as the next work item of the thread that released the gate.
/// </summary>
public sealed class WriterGate
{
    private readonly Lock sync = new();
    private readonly Queue<TaskCompletionSource> waiters = new();
    private bool held;

    public async ValueTask WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (Enqueue() is not { } waiter)
            return;
        try
        {
            await waiter.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Abandoned before its turn came: the release that reaches it passes the gate on. Granted meanwhile: ours.
            if (waiter.TrySetCanceled(CancellationToken.None))
                throw;
        }
    }

    public void Wait(TimeSpan timeout)
    {
        if (Enqueue() is not { } waiter)
            return;
        if (!waiter.Task.Wait(timeout) && waiter.TrySetCanceled(CancellationToken.None))
            throw new TimeoutException();
    }

    public void Release()
    {
        TaskCompletionSource? next;
        lock (sync)
        {
            if (!waiters.TryDequeue(out next))
            {
                held = false;
                return;
            }
        }

        // The gate stays held: it passes to the next waiter, which resumes on this thread's local queue, first after
        // what this thread is running now. One that gave up in the meantime passes it on in turn.
        ThreadPool.UnsafeQueueUserWorkItem(static state => { if (!state.waiter.TrySetResult()) state.gate.Release(); }, (waiter: next, gate: this), preferLocal: true);
    }

    private TaskCompletionSource? Enqueue()
    {
        lock (sync)
        {
            if (!held)
            {
                held = true;
                return null;
            }

            // Without RunContinuationsAsynchronously: the waiter resumes inside the work item that grants it the gate.
            var waiter = new TaskCompletionSource();
            waiters.Enqueue(waiter);
            return waiter;
        }
    }
}

using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Tests.Persistence;

public sealed class WriterGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Writers_take_the_gate_one_at_a_time_in_the_order_they_came()
    {
        var gate = new WriterGate();
        await gate.WaitAsync(Patience, CancellationToken.None);
        var order = new List<int>();
        var inside = 0;
        var writers = Enumerable.Range(0, 20).Select(async i =>
        {
            await gate.WaitAsync(Patience, CancellationToken.None);
            Interlocked.Increment(ref inside).ShouldBe(1, "one writer at a time");
            lock (order)
                order.Add(i);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
            gate.Release();
        }).ToArray();

        order.ShouldBeEmpty("the first writer still holds it");
        gate.Release();
        await Task.WhenAll(writers).WaitAsync(Patience);
        order.ShouldBe(Enumerable.Range(0, 20));
    }

    [Fact]
    public async Task A_writer_that_gave_up_is_skipped_and_the_gate_passes_to_the_next()
    {
        var gate = new WriterGate();
        gate.Wait(Patience);
        using var giveUp = new CancellationTokenSource();
        var impatient = gate.WaitAsync(Patience, giveUp.Token).AsTask();
        var timedOut = Task.Run(() => gate.Wait(TimeSpan.FromMilliseconds(50)));
        await Should.ThrowAsync<TimeoutException>(timedOut.WaitAsync(Patience));
        var patient = gate.WaitAsync(Patience, CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(impatient.WaitAsync(Patience));
        patient.IsCompleted.ShouldBeFalse();
        gate.Release();
        await patient.WaitAsync(Patience);

        // And it is held by the patient one alone.
        var after = gate.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None).AsTask();
        await Should.ThrowAsync<TimeoutException>(after.WaitAsync(Patience));
        gate.Release();
        await gate.WaitAsync(Patience, CancellationToken.None);
    }
}

using OrleansRecsys.Silo.Storage;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The batcher's queue without a database: what goes into one statement.</summary>
public sealed class CoalescingQueueTests
{
    private static StateRowKey Key(int n) => new(n, 0, 0, 1, "t", "k" + n);

    [Fact]
    public async Task Requests_waiting_behind_a_statement_leave_together_up_to_the_cap_with_each_key_once()
    {
        var statements = new List<StateRowKey[]>();
        var first = new TaskCompletionSource();
        var queue = new CoalescingQueue<PendingWrite>(async batch =>
        {
            lock (statements)
            {
                statements.Add(batch.Select(w => w.Key).ToArray());
            }

            if (statements.Count == 1)
            {
                await first.Task; // the first statement is slow, so the rest queue up behind it
            }

            batch.ForEach(w => w.Complete(1));
        }, maxRows: 4, maxStatements: 1);

        var writes = new List<PendingWrite> { new(Key(0), null, []) };
        queue.Enqueue(writes[0]);
        await WaitUntilAsync(() => statements.Count == 1);
        foreach (var n in new[] { 1, 2, 2, 3, 4, 5 })
        {
            writes.Add(new PendingWrite(Key(n), null, []));
            queue.Enqueue(writes[^1]);
        }

        first.SetResult();
        await Task.WhenAll(writes.Select(w => w.Done));

        Assert.Equal([[Key(0)], [Key(1), Key(2), Key(3), Key(4)], [Key(2), Key(5)]], statements);
    }

    [Fact]
    public async Task A_failed_statement_fails_its_own_requests_and_the_queue_goes_on()
    {
        var calls = 0;
        var queue = new CoalescingQueue<PendingRead>(batch =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("server gone");
            }

            batch.ForEach(r => r.Complete(new StoredRow(null, 3)));
            return Task.CompletedTask;
        }, maxRows: 10, maxStatements: 1);

        var failed = new PendingRead(Key(1));
        queue.Enqueue(failed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed.Done);
        var next = new PendingRead(Key(2));
        queue.Enqueue(next);
        Assert.Equal(3, (await next.Done)!.Version);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

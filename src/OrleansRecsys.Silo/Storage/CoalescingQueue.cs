using System.Threading.Channels;

namespace OrleansRecsys.Silo.Storage;

/// <summary>
/// Group commit for grain state: requests queue up while earlier statements run, and each free statement slot takes
/// everything waiting (up to a row cap) as one statement. No timer: a lone request goes out at once, and under load the
/// batches grow by themselves to what arrived during the previous round trip. A key appears at most once per statement
/// (a second request for it waits for the next one), since one multi-row statement can change a row only once.
/// </summary>
internal sealed class CoalescingQueue<TRequest> where TRequest : IStateRequest
{
    private readonly Channel<TRequest> _queue = Channel.CreateUnbounded<TRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<List<TRequest>, Task> _execute;
    private readonly SemaphoreSlim _slots;
    private readonly int _maxRows;
    private readonly List<TRequest> _deferred = [];

    /// <param name="execute">Runs one statement and completes every request in it (with a result or an exception).</param>
    public CoalescingQueue(Func<List<TRequest>, Task> execute, int maxRows, int maxStatements)
    {
        _execute = execute;
        _maxRows = maxRows;
        _slots = new SemaphoreSlim(maxStatements, maxStatements);
        _ = Task.Run(DrainAsync);
    }

    public void Enqueue(TRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            request.Fail(new ObjectDisposedException(nameof(CoalescingQueue<TRequest>), "The silo's grain storage has stopped"));
        }
    }

    private async Task DrainAsync()
    {
        while (_deferred.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            await _slots.WaitAsync();
            var batch = TakeBatch();
            if (batch.Count == 0)
            {
                _slots.Release();
                continue;
            }

            _ = RunAsync(batch);
        }
    }

    /// <summary>What is waiting, up to the row cap, with each key once; the requests left out go first next time.</summary>
    private List<TRequest> TakeBatch()
    {
        var batch = new List<TRequest>();
        var keys = new HashSet<StateRowKey>();
        var carried = _deferred.ToArray();
        _deferred.Clear();
        foreach (var request in carried)
        {
            Add(request);
        }

        while (batch.Count < _maxRows && _queue.Reader.TryRead(out var next))
        {
            Add(next);
        }

        return batch;

        void Add(TRequest request)
        {
            if (batch.Count < _maxRows && keys.Add(request.Key))
            {
                batch.Add(request);
            }
            else
            {
                _deferred.Add(request);
            }
        }
    }

    private async Task RunAsync(List<TRequest> batch)
    {
        try
        {
            await _execute(batch);
        }
        catch (Exception ex)
        {
            // The statement is atomic: when it fails, none of its rows changed, and every caller learns it.
            foreach (var request in batch)
            {
                request.Fail(ex);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Takes no more requests; those already queued still go out.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}

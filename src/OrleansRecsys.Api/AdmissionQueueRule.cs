namespace OrleansRecsys.Api;

/// <summary>
/// Bounds the admission queue by the time a request spends in it, not by its length (<see cref="AdmissionOptions"/>).
/// </summary>
/// <remarks>
/// A length says nothing about a wait: the same 64 requests drain in 10 ms when the cores are free and in 500 ms when
/// the thread pool and the grid are backed up, and every admitted request then reaches its endpoint with its deadline
/// spent. So the queue is judged by time, in the manner of CoDel's controlled delay (as large services use it for
/// request queues): a queue that empties now and then is absorbing bursts and may hold a request for up to
/// <c>QueueTimeoutMs</c>; a queue that has not been empty for <c>StandingQueueIntervalMs</c> is standing, a sign that
/// more arrives than is served, and then holds a request for only <c>StandingQueueTimeoutMs</c>. A request is refused at
/// once, instead of waiting out its allowance in vain, when the request at the head has already waited longer than the
/// allowance, or when the measured pace of the queue says its turn would come too late.
/// </remarks>
internal static class AdmissionQueueRule
{
    public static AdmissionVerdict Judge(AdmissionQueueView queue, AdmissionOptions options)
    {
        if (queue.Waiting >= options.QueueLimit)
        {
            return AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueFull);
        }

        var standing = queue.SinceEmpty >= TimeSpan.FromMilliseconds(options.StandingQueueIntervalMs);
        var allowance = TimeSpan.FromMilliseconds(standing ? options.StandingQueueTimeoutMs : options.QueueTimeoutMs);
        if (queue.OldestWait > allowance)
        {
            return AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueTime);
        }

        if (queue.ReleaseInterval is { } pace && pace * (queue.Waiting + 1) > allowance)
        {
            return AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueTime);
        }

        return allowance > TimeSpan.Zero ? AdmissionVerdict.Wait(allowance) : AdmissionVerdict.Refuse(AdmissionVerdict.RefusedQueueTime);
    }
}

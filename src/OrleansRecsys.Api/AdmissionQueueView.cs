namespace OrleansRecsys.Api;

/// <summary>
/// The admission queue as a request that finds every slot taken sees it (<see cref="AdmissionQueueRule"/>).
/// </summary>
/// <param name="Waiting">Requests waiting for a slot now.</param>
/// <param name="SinceEmpty">How long the queue has held at least one request without a break (zero when it is empty).</param>
/// <param name="OldestWait">How long the request at its head has waited (zero when it is empty).</param>
/// <param name="ReleaseInterval">The recent time between two slots freeing up while requests waited, if measured: the
/// queue moves one place per interval, so a request behind <see cref="Waiting"/> others expects that many intervals.</param>
internal readonly record struct AdmissionQueueView(int Waiting, TimeSpan SinceEmpty, TimeSpan OldestWait, TimeSpan? ReleaseInterval);

namespace OrleansRecsys.Silo.Storage;

/// <summary>One grain's read or write waiting in a <see cref="CoalescingQueue{TRequest}"/>.</summary>
internal interface IStateRequest
{
    StateRowKey Key { get; }

    /// <summary>Ends the caller's wait with <paramref name="error"/> (the statement it was part of failed).</summary>
    void Fail(Exception error);
}

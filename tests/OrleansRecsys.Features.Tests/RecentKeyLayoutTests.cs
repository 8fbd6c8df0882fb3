using System.Runtime.CompilerServices;

namespace OrleansRecsys.Features.Tests;

/// <summary>Recent-item lists are most of a user grain's memory (a budget: docs/design.md, target T8), so the event-type
/// bits of an entry must live in the padding the entry already had.</summary>
public sealed class RecentKeyLayoutTests
{
    [Fact]
    public void A_recent_key_with_its_event_types_is_as_large_as_one_without_them_was()
    {
        // A string reference, a long and a uint were 20 bytes, padded to 24; the type bits fit in that padding.
        Assert.Equal(24, Unsafe.SizeOf<RecentKey>());
    }
}

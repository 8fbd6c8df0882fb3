namespace OrleansRecsys.Ingestion.Tests;

public sealed class SourceNamesTests
{
    [Fact]
    public void A_partition_in_its_first_epoch_keeps_the_key_stored_state_was_always_written_with()
    {
        var names = new SourceNames();

        Assert.Equal("recsys.interactions/3", names.KeyOf("recsys.interactions", 3));
        Assert.Same(names.KeyOf("recsys.interactions", 3), names.KeyOf("recsys.interactions", 3));
    }

    [Fact]
    public void A_new_offset_epoch_gives_the_partition_a_key_no_older_watermark_shares()
    {
        var names = new SourceNames();

        names.SetEpoch("recsys.interactions", 3, 2);

        Assert.Equal("recsys.interactions/3#2", names.KeyOf("recsys.interactions", 3));
        Assert.Equal("recsys.interactions/1", names.KeyOf("recsys.interactions", 1));
    }
}

using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

public sealed class ExtremeValueTests
{
    [Fact]
    public void Overflowing_sums_stay_finite_in_snapshots_and_vectors()
    {
        var engine = new FeatureEngine(FeatureEngineTests.Catalog);
        var user = new EntityState();
        engine.ApplyUser(user, new Interaction("a", "u", "i", InteractionType.Purchase, 1000, 1e308, null));
        engine.ApplyUser(user, new Interaction("b", "u", "i", InteractionType.Purchase, 2000, 1e308, null));
        var item = new EntityState();
        engine.ApplyItem(item, new ItemUpsert("i", "x", 1e39, [], 1000));
        var snapshot = engine.Snapshot("u", user, EntityKind.User, 3000);
        Assert.True(double.IsFinite(snapshot.Numbers["user_spend_total"]));
        var builder = VectorBuilder.Create(FeatureEngineTests.Catalog, ["user_spend_total", "item_price", "ui_price_to_user_avg"]);
        var row = new float[3];
        builder.Build(user, ["i"], [item], 3000, row);
        Assert.All(row, v => Assert.True(float.IsFinite(v), v.ToString()));
        Assert.Equal(float.MaxValue, row[1]);
    }

    [Fact]
    public void Values_a_float_cannot_hold_are_counted_per_input_as_replaced()
    {
        var engine = new FeatureEngine(FeatureEngineTests.Catalog);
        var user = new EntityState();
        engine.ApplyUser(user, new Interaction("a", "u", "i", InteractionType.Purchase, 1000, 1e308, null));
        engine.ApplyUser(user, new Interaction("b", "u", "i", InteractionType.Purchase, 2000, 1e308, null));
        var dear = new EntityState();
        engine.ApplyItem(dear, new ItemUpsert("i", "x", 1e39, [], 1000));
        var cheap = new EntityState();
        engine.ApplyItem(cheap, new ItemUpsert("j", "x", 5, [], 1000));
        var builder = VectorBuilder.Create(FeatureEngineTests.Catalog, ["user_spend_total", "item_price", "ui_price_to_user_avg"]);
        var rows = new float[6];
        var nonFinite = new int[3];

        builder.Build(user, null, ["i", "j"], [dear, cheap], 3000, rows, new int[3], new int[3], nonFinite);

        Assert.Equal([2, 1, 0], nonFinite);
        Assert.Equal((float.MaxValue, 5f), (rows[1], rows[4]));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.Batch;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Scheduled batch runs (<c>Recsys:Batch:Schedule</c>) on PostgreSQL: runs start by themselves, one at a time, and the
/// schedule is a durable reminder that a restarted silo finds as it was (same start and period) and keeps running on.
/// </summary>
public sealed class BatchScheduleTests
{
    private const int Users = 20;

    private static readonly Dictionary<string, string?> Scheduled = new()
    {
        ["Recsys:Batch:Schedule:IntervalSeconds"] = "2",
        ["Recsys:Batch:Schedule:K"] = "5",
        ["Recsys:Batch:Schedule:Segment"] = "all",
        ["Recsys:Batch:ResumeCheckSeconds"] = "2",
        ["Recsys:Batch:ActivityFlushSeconds"] = "1",
    };

    [Fact]
    public async Task Scheduled_runs_start_by_themselves_one_at_a_time_and_the_schedule_outlives_a_restart()
    {
        await TestInfra.WithOwnKafkaAsync("batch-schedule", async (kafka, store) =>
        {
            var db = await TestInfra.CreateDatabaseAsync();
            ReminderEntry before;
            int runsBeforeRestart;
            await using (var first = await GridHost.StartAsync(kafka, db, "batch-schedule-a", store, train: false, extra: Scheduled))
            {
                await PrepareAsync(first);
                runsBeforeRestart = (await WaitForCompletedRunsAsync(first, 1)).Length;
                before = await ScheduleReminderAsync(first);
            }

            await using var second = await GridHost.StartAsync(kafka, db, "batch-schedule-b", store, train: false, extra: Scheduled);
            var runs = await WaitForCompletedRunsAsync(second, runsBeforeRestart + 1);
            var after = await ScheduleReminderAsync(second);

            Assert.Equal((before.StartAt, before.Period), (after.StartAt, after.Period));
            Assert.Equal(TimeSpan.FromSeconds(2), after.Period);
            Assert.All(runs, run => Assert.Equal(BatchCoordinatorGrain.ScheduledBy, run.GetProperty("who").GetString()));
            Assert.All(runs, run => Assert.Equal(Users, run.GetProperty("usersDone").GetInt64()));
            var byStart = runs.OrderBy(r => r.GetProperty("startedAt").GetDateTimeOffset()).ToArray();
            for (var i = 1; i < byStart.Length; i++)
            {
                // One run at a time: a tick while a run is in progress starts nothing.
                Assert.True(byStart[i].GetProperty("startedAt").GetDateTimeOffset() >= byStart[i - 1].GetProperty("finishedAt").GetDateTimeOffset(),
                    $"{byStart[i].GetProperty("runId")} started before {byStart[i - 1].GetProperty("runId")} finished");
            }
        });
    }

    /// <summary>ranker@v1, a few items, and one click per user, all in the activity shards.</summary>
    private static async Task PrepareAsync(GridHost grid)
    {
        using var admin = grid.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "v1")).StatusCode);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var items = Enumerable.Range(0, 6).Select(i => new { itemId = $"bs-{i}", category = "bs-books", price = 10.0, ts = now - 60_000 });
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/items", items)).StatusCode);
        var events = Enumerable.Range(0, Users).Select(u => new { eventId = $"bs-{u}", userId = $"bs-user-{u}", itemId = $"bs-{u % 6}", type = "click", ts = now - 1000 });
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", events)).StatusCode);
    }

    /// <summary>The model's completed runs once at least <paramref name="count"/> of them cover every user.</summary>
    private static async Task<JsonElement[]> WaitForCompletedRunsAsync(GridHost grid, int count)
    {
        using var reader = grid.Http(Roles.Read);
        JsonElement[] completed = [];
        await TestInfra.WaitUntil(async () =>
        {
            var runs = (await (await reader.GetAsync("/v1/batch/runs?model=ranker")).Json()).EnumerateArray().ToArray();
            completed = [.. runs.Where(r => r.GetProperty("state").GetString() == "completed")];
            return completed.Count(r => r.GetProperty("usersDone").GetInt64() == Users) >= count;
        }, TimeSpan.FromSeconds(90), () => $"{count} scheduled runs of all {Users} users; completed: {string.Join(", ", completed.Select(r => r.GetProperty("runId")))}");
        return [.. completed.Where(r => r.GetProperty("usersDone").GetInt64() == Users)];
    }

    /// <summary>The schedule's row in the reminder table (PostgreSQL), as the silo's reminder service reads it.</summary>
    private static async Task<ReminderEntry> ScheduleReminderAsync(GridHost grid)
    {
        var coordinator = grid.Grains.GetGrain<IBatchCoordinatorGrain>(ModelNames.Default).GetGrainId();
        var entry = await grid.Services.GetRequiredService<IReminderTable>().ReadRow(coordinator, BatchCoordinatorGrain.ScheduleReminder);
        Assert.NotNull(entry);
        return entry;
    }
}

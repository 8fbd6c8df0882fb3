using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using OrleansRecsys.Grains.Batch;
using OrleansRecsys.Grains.Retraining;

namespace OrleansRecsys.Silo;

/// <summary>
/// The reminder service batch coordinators resume their runs and keep their schedule with, and retraining autopilots
/// tick with: the ADO.NET reminder table in PostgreSQL with durable storage (silo-config/sql/05-reminders.sql), so a run
/// outlives every silo; in memory otherwise, like the grain state.
/// </summary>
internal static class RemindersSetup
{
    public static ISiloBuilder UseRecsysReminders(this ISiloBuilder silo, StorageOptions storage, IConfiguration configuration)
    {
        // Orleans refuses reminder periods under its minimum (one minute by default); the resume check, the batch schedule
        // and the autopilot's tick may be shorter.
        var resumeEvery = configuration.GetValue($"{BatchOptions.Section}:{nameof(BatchOptions.ResumeCheckSeconds)}", new BatchOptions().ResumeCheckSeconds);
        var scheduleEvery = configuration.GetValue($"{BatchScheduleOptions.Section}:{nameof(BatchScheduleOptions.IntervalSeconds)}", 0);
        var tickEvery = configuration.GetValue($"{RetrainingOptions.Section}:{nameof(RetrainingOptions.TickSeconds)}", new RetrainingOptions().TickSeconds);
        var shortest = Math.Min(resumeEvery, tickEvery);
        shortest = scheduleEvery > 0 ? Math.Min(shortest, scheduleEvery) : shortest;
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(Math.Clamp(shortest, 1, 60)));
        if (!storage.IsDurable)
        {
            return silo.UseInMemoryReminderService();
        }

        return silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = ClusteringSetup.PostgresInvariant;
            o.ConnectionString = PostgresConnections.ForReminders(storage);
        });
    }
}

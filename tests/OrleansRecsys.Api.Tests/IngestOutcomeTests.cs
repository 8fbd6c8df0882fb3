using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>An ingest answer names every entry's outcome, so a caller retries exactly what did not go through.</summary>
public sealed class IngestOutcomeTests
{
    private const string Batch = """
        [{"eventId":"a","userId":"u","itemId":"i","type":"click","ts":1000},
         {"eventId":"b","userId":"u","itemId":"i","type":"teleport","ts":1000},
         {"eventId":"c","userId":"u","itemId":"i","type":"view","ts":1000},
         {"eventId":"d","userId":"u","itemId":"i","type":"view","ts":1000}]
        """;

    [Fact]
    public async Task A_published_batch_lists_each_entry_as_accepted_or_rejected_in_batch_order()
    {
        var intake = new RecordingIntake();
        await using var host = await ApiTestHost.StartAsync(intake);

        var (status, body) = await PostAsync(host, Batch);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Equal(["a:accepted", "b:rejected", "c:accepted", "d:accepted"], Outcomes(body));
        Assert.Equal("invalid_field", body.GetProperty("entries")[1].GetProperty("reason").GetString());
        Assert.Equal(3, intake.Published);
    }

    [Fact]
    public async Task When_the_transport_fails_some_entries_the_answer_is_503_and_names_the_failed_ones()
    {
        await using var host = await ApiTestHost.StartAsync(new RecordingIntake { FailPositions = [1] });

        var (status, body) = await PostAsync(host, Batch);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(["a:accepted", "b:rejected", "c:failed", "d:accepted"], Outcomes(body));
        Assert.Equal("broker down", body.GetProperty("entries")[2].GetProperty("detail").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(ApiTestHost host, string json)
    {
        using var request = ApiTestHost.Authorized(HttpMethod.Post, "/v1/events", Roles.Ingest);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string[] Outcomes(JsonElement body) =>
        body.GetProperty("entries").EnumerateArray().Select(e => $"{e.GetProperty("id").GetString()}:{e.GetProperty("status").GetString()}").ToArray();

    /// <summary>Counts what it is asked to publish; fails the given positions of the valid events.</summary>
    private sealed class RecordingIntake : IEventIntake
    {
        public int[] FailPositions { get; init; } = [];

        public int Published { get; private set; }

        public Task<IntakeResult> PublishAsync(string topic, IReadOnlyList<ValidatedEvent> events, CancellationToken cancellationToken)
        {
            Published += events.Count - FailPositions.Length;
            return Task.FromResult(FailPositions.Length == 0 ? IntakeResult.Success : IntakeResult.Unavailable(FailPositions, "broker down"));
        }
    }
}

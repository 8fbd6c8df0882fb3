using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansRecsys.Training.Backfill;

/// <summary>Writes backfilled rows as JSON lines in the shape <c>train --data</c> reads (the prediction-log export's shape, plus weight and source).</summary>
public sealed class BackfillRowWriter : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly string[] _featureNames;

    public BackfillRowWriter(string path, string[] featureNames)
    {
        _stream = new BufferedStream(File.Create(path), 1 << 16);
        _json = new Utf8JsonWriter(_stream, WriterOptions);
        _featureNames = featureNames;
    }

    public void Write(BackfillRow row)
    {
        _json.WriteStartObject();
        _json.WriteString("userId", row.UserId);
        _json.WriteString("itemId", row.ItemId);
        _json.WriteNumber("ts", row.TsMs);
        _json.WriteBoolean("label", row.Label);
        _json.WriteNumber("weight", row.Weight);
        _json.WriteString("source", row.Source);
        _json.WriteStartArray("featureNames");
        foreach (var name in _featureNames)
        {
            _json.WriteStringValue(name);
        }

        _json.WriteEndArray();
        _json.WriteStartArray("values");
        foreach (var value in row.Values)
        {
            _json.WriteNumberValue(value);
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _json.Reset();
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}

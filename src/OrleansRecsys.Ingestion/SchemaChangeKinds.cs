
namespace OrleansRecsys.Ingestion;

/// <summary>The <c>kind</c> label of <c>recsys_data_quality_schema_changes_total</c>, and the topics each is counted for.</summary>
internal static class SchemaChangeKinds
{
    /// <summary>An event with a field the schema does not define.</summary>
    public const string UnknownField = "unknown_field";

    /// <summary>An interaction whose type is none of the known ones (it is dead-lettered as <c>invalid_field</c>, as before).</summary>
    public const string UnknownEventType = "unknown_event_type";

    /// <summary>An item upsert naming a category the grid had never seen.</summary>
    public const string NewCategory = "new_category";

    /// <summary>Every (kind, topic) pair that can be counted, exported at 0 from start.</summary>
    public static readonly (string Kind, string Topic)[] Series =
    [
        (UnknownField, Topics.Interactions),
        (UnknownField, Topics.Items),
        (UnknownEventType, Topics.Interactions),
        (NewCategory, Topics.Items),
    ];
}

namespace OrleansRecsys;

public enum BackfillState
{
    Running,
    Completed,
    Failed,
}

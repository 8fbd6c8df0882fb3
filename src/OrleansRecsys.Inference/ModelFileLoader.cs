namespace OrleansRecsys.Inference;

/// <summary>
/// Loads a model file with its large initializers mapped rather than copied (<see cref="ExternalInitializers"/>): the file
/// is split into a private folder under a work directory, ONNX Runtime loads the split model, and the folder is deleted
/// as soon as the session exists. The session keeps its mapping of the side file (a mapped file outlives its name), so
/// the folder's disk space returns when the session is disposed. A file that cannot be split loads as it is; a file that
/// names external data of its own is refused (<see cref="ExternalDataReferences"/>).
/// </summary>
public static class ModelFileLoader
{
    /// <summary>The suffix of split folders; the model store removes day-old ones a dead process left behind.</summary>
    public const string FolderSuffix = ".split";

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Loads and checks the model at <paramref name="path"/> (see <see cref="OnnxScorer.LoadFile"/>), splitting it
    /// in <paramref name="workDirectory"/>, which should be on the same file system and as private as the model.</summary>
    public static OnnxScorer Load(string path, string workDirectory, string inputName, string outputName, int width)
    {
        if (ExternalDataReferences.In(path))
        {
            throw new ModelInvalidException(ExternalDataReferences.Refusal);
        }

        var folder = Path.Combine(workDirectory, Guid.NewGuid().ToString("N") + FolderSuffix);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        try
        {
            return ExternalInitializers.TrySplit(path, folder)
                ? OnnxScorer.LoadFile(Path.Combine(folder, ExternalInitializers.ModelFileName), inputName, outputName, width)
                : OnnxScorer.LoadFile(path, inputName, outputName, width);
        }
        finally
        {
            DeleteQuietly(folder);
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A system that cannot delete a mapped file (Windows): the store removes the folder once it is a day old.
        }
    }
}

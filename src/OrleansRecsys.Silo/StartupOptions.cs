using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Silo;

/// <summary>
/// One style for options: bound from their section, checked by their data annotations and any cross-field validator,
/// at start. The few values the host needs while it is still being built (role, storage, clustering) are checked
/// by the same validators right away, so a bad value stops the build with the same message, naming its key.
/// </summary>
internal static class StartupOptions
{
    /// <summary>Registers <typeparamref name="T"/> bound to <paramref name="section"/>, validated at start.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>As <see cref="AddValidatedOptions{T}(IServiceCollection, string)"/>, with a cross-field validator.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T, TValidator>(this IServiceCollection services, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        return services.AddValidatedOptions<T>(section);
    }

    /// <summary>
    /// <typeparamref name="T"/> bound from <paramref name="section"/> and validated now by its data annotations and
    /// <paramref name="validators"/>; an <see cref="OptionsValidationException"/> lists every failure otherwise.
    /// </summary>
    public static T ValidatedNow<T>(this IConfiguration configuration, string section, params IValidateOptions<T>[] validators) where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var failures = validators
            .Prepend(new DataAnnotationValidateOptions<T>(Options.DefaultName))
            .Select(v => v.Validate(Options.DefaultName, options))
            .Where(r => r.Failed)
            .SelectMany(r => r.Failures ?? [r.FailureMessage ?? typeof(T).Name + " is invalid"])
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
        }

        return options;
    }
}

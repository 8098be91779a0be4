using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// An options type bound to its configuration section, listed so the start-up check can read
/// every value of every section before anything starts and report each problem by the key the
/// user writes (<c>PolicyWatch:Feeds:Timeout</c>), not by a type's member name.
/// </summary>
internal sealed class CheckedOptions(string section, Func<IServiceProvider, IReadOnlyList<string>> problems)
{
    public string Section { get; } = section;

    public IReadOnlyList<string> Problems(IServiceProvider services) => problems(services);
}

internal static class CheckedOptionsServiceCollectionExtensions
{
    /// <summary>Binds <typeparamref name="T"/> to the section of the host's configuration, validates its annotations by key path, and lists it for the start-up check.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton(new CheckedOptions(section, sp => Problems<T>(sp, sp.GetRequiredService<IConfiguration>().GetSection(section))));
        services.AddSingleton<IValidateOptions<T>>(new KeyPathAnnotationsValidator<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>The same, bound to a section of the given configuration (an adapter registered with its own).</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, IConfigurationSection section) where T : class
    {
        services.AddSingleton(new CheckedOptions(section.Path, sp => Problems<T>(sp, section)));
        services.AddSingleton<IValidateOptions<T>>(new KeyPathAnnotationsValidator<T>(section.Path));
        return services.AddOptions<T>().Bind(section).ValidateOnStart();
    }

    /// <summary>
    /// Every value read as its type, the ones that cannot be named (binding would stop at the
    /// first); then what every validator says of the values that could be read, ranges and rules
    /// across keys alike. So all the problems of the section show at once.
    /// </summary>
    private static List<string> Problems<T>(IServiceProvider services, IConfigurationSection values) where T : class
    {
        var options = Activator.CreateInstance<T>();
        var problems = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && IsScalar(p.PropertyType)))
        {
            var value = values[property.Name];
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            try
            {
                property.SetValue(options, values.GetValue(property.PropertyType, property.Name));
            }
            catch (InvalidOperationException)
            {
                problems.Add($"{values.Path}:{property.Name} is '{value}', {Expected(property.PropertyType)}");
            }
        }

        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.PropertyType == typeof(string)))
        {
            if (values[property.Name] is { } text)
            {
                property.SetValue(options, text);
            }
        }

        foreach (var validator in services.GetServices<IValidateOptions<T>>())
        {
            if (validator.Validate(Options.DefaultName, options) is { Failed: true } result)
            {
                problems.AddRange(result.Failures ?? [result.FailureMessage]);
            }
        }

        return problems;
    }

    private static bool IsScalar(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying != typeof(string) && TypeDescriptor.GetConverter(underlying).CanConvertFrom(typeof(string));
    }

    private static string Expected(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            return "expected one of " + string.Join(", ", Enum.GetNames(underlying));
        }

        return underlying switch
        {
            _ when underlying == typeof(TimeSpan) => "not a duration; write [d.]hh:mm:ss, for example 00:01:00 for one minute or 1.00:00:00 for a day",
            _ when underlying == typeof(bool) => "expected true or false",
            _ when underlying == typeof(int) || underlying == typeof(long) => "not a whole number",
            _ when underlying == typeof(Uri) => "not a URL",
            _ => $"not a {underlying.Name} ({string.Format(CultureInfo.InvariantCulture, "{0}", underlying.FullName)})",
        };
    }
}

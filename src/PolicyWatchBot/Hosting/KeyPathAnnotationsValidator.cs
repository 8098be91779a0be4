using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// The data annotations of an options type (<c>[Range]</c>, <c>[Required]</c>), every failing
/// property at once, each named by its configuration key with the value it has and the one it needs.
/// </summary>
internal sealed class KeyPathAnnotationsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(options);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (!attribute.IsValid(value))
                {
                    problems.Add(Describe($"{section}:{property.Name}", value, attribute));
                }
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string Describe(string key, object? value, ValidationAttribute attribute) => attribute switch
    {
        RequiredAttribute => $"{key} is empty; set it",
        RangeAttribute range => $"{key} is {Show(value)}; it must be between {Show(range.Minimum)} and {Show(range.Maximum)}",
        _ => $"{key} is {Show(value)}: {attribute.FormatErrorMessage(key)}",
    };

    private static string Show(object? value) => value switch
    {
        null => "empty",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

using System.Globalization;
using System.Text;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4), as Prometheus
/// itself reads <c>/metrics</c>: <c># HELP</c> and <c># TYPE</c> lines, samples
/// <c>name{label="value",...} value [timestamp]</c> with the format's escapes, and the rules a
/// scrape must keep (valid names, one TYPE and HELP per family, before its samples, each family's
/// lines together, no series twice, counters not negative, histogram buckets cumulative up to
/// <c>+Inf</c> = <c>_count</c>). Anything else throws <see cref="FormatException"/> naming the line.
/// </summary>
public sealed class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    private PrometheusText()
    {
    }

    public IReadOnlyDictionary<string, MetricFamily> Families => _families;

    public MetricFamily this[string family] =>
        _families.TryGetValue(family, out var found) ? found : throw new KeyNotFoundException($"no metric family '{family}' in the scrape; it has {string.Join(", ", _families.Keys)}");

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scrape = new PrometheusText();
        var finished = new HashSet<string>(StringComparer.Ordinal);
        MetricFamily? current = null;
        var lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the text must end with a line feed");
        }

        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var at = $"line {i + 1} '{line}'";
            if (line.Length == 0 || (line.StartsWith('#') && !line.StartsWith("# HELP ", StringComparison.Ordinal) && !line.StartsWith("# TYPE ", StringComparison.Ordinal)))
            {
                continue;
            }

            MetricFamily family;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length < 3 || (parts[1] == "TYPE" && parts.Length < 4))
                {
                    throw new FormatException($"{at}: a HELP or TYPE line needs a metric name and text");
                }

                family = scrape.FamilyFor(parts[2], at);
                if (parts[1] == "TYPE")
                {
                    if (family.Type is not null || family.Samples.Count > 0)
                    {
                        throw new FormatException($"{at}: TYPE of '{family.Name}' given twice or after its samples");
                    }

                    family.Type = Types.Contains(parts[3], StringComparer.Ordinal) ? parts[3] : throw new FormatException($"{at}: '{parts[3]}' is not a metric type");
                }
                else
                {
                    family.Help = family.Help is null ? Unescape(parts.Length > 3 ? parts[3] : "", help: true, at) : throw new FormatException($"{at}: HELP of '{family.Name}' given twice");
                }
            }
            else
            {
                var sample = ReadSample(line, at);
                family = scrape.FamilyOf(sample.Name, at);
                if (family.Samples.Any(s => s.Name == sample.Name && s.SameLabels(sample)))
                {
                    throw new FormatException($"{at}: the series is given twice");
                }

                CheckSample(family, sample, at);
                family.Samples.Add(sample);
            }

            if (!ReferenceEquals(family, current))
            {
                if (current is not null)
                {
                    finished.Add(current.Name);
                }

                if (finished.Contains(family.Name))
                {
                    throw new FormatException($"{at}: the lines of '{family.Name}' are not all together");
                }

                current = family;
            }
        }

        foreach (var histogram in scrape._families.Values.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(histogram);
        }

        return scrape;
    }

    private MetricFamily FamilyFor(string name, string at)
    {
        if (!IsMetricName(name))
        {
            throw new FormatException($"{at}: '{name}' is not a valid metric name");
        }

        if (!_families.TryGetValue(name, out var family))
        {
            _families[name] = family = new MetricFamily(name);
        }

        return family;
    }

    // A sample belongs to the family of its own name, or to a histogram's or summary's family by suffix.
    private MetricFamily FamilyOf(string sampleName, string at)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && _families.TryGetValue(sampleName[..^suffix.Length], out var parent)
                && parent.Type is "histogram" or "summary"
                && (suffix != "_bucket" || parent.Type == "histogram"))
            {
                return parent;
            }
        }

        var family = FamilyFor(sampleName, at);
        if (family.Type is "histogram" or "summary")
        {
            throw new FormatException($"{at}: a {family.Type} has no sample named after the family alone");
        }

        return family;
    }

    private static void CheckSample(MetricFamily family, Sample sample, string at)
    {
        if (family.Type == "counter" && (double.IsNaN(sample.Value) || sample.Value < 0))
        {
            throw new FormatException($"{at}: a counter cannot be {sample.Value}");
        }

        var isBucket = family.Type == "histogram" && sample.Name == family.Name + "_bucket";
        if (isBucket != sample.Labels.ContainsKey("le"))
        {
            throw new FormatException($"{at}: 'le' belongs on a histogram's buckets, and only there");
        }

        if (isBucket && !double.TryParse(sample.Labels["le"], NumberStyles.Float, CultureInfo.InvariantCulture, out _) && sample.Labels["le"] != "+Inf")
        {
            throw new FormatException($"{at}: le '{sample.Labels["le"]}' is not a number");
        }
    }

    private static void CheckHistogram(MetricFamily histogram)
    {
        foreach (var series in histogram.Samples.GroupBy(s => s.LabelKey(except: "le")))
        {
            var buckets = series.Where(s => s.Name == histogram.Name + "_bucket")
                .Select(s => (Le: s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture), s.Value))
                .ToList();
            var count = series.SingleOrDefault(s => s.Name == histogram.Name + "_count")
                ?? throw new FormatException($"histogram '{histogram.Name}' {{{series.Key}}} has no _count");
            if (series.All(s => s.Name != histogram.Name + "_sum"))
            {
                throw new FormatException($"histogram '{histogram.Name}' {{{series.Key}}} has no _sum");
            }

            for (var i = 1; i < buckets.Count; i++)
            {
                if (buckets[i].Le <= buckets[i - 1].Le || buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"histogram '{histogram.Name}' {{{series.Key}}}: buckets must rise in le and count");
                }
            }

            if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].Le) || buckets[^1].Value != count.Value)
            {
                throw new FormatException($"histogram '{histogram.Name}' {{{series.Key}}}: the +Inf bucket must be last and equal _count");
            }
        }
    }

    private static Sample ReadSample(string line, string at)
    {
        var position = 0;
        while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] is '_' or ':'))
        {
            position++;
        }

        var name = line[..position];
        if (!IsMetricName(name))
        {
            throw new FormatException($"{at}: '{name}' is not a valid metric name");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (true)
            {
                if (position < line.Length && line[position] == '}')
                {
                    position++;
                    break;
                }

                var start = position;
                while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] == '_'))
                {
                    position++;
                }

                var label = line[start..position];
                if (!IsLabelName(label) || position + 1 >= line.Length || line[position] != '=' || line[position + 1] != '"')
                {
                    throw new FormatException($"{at}: expected label=\"value\" at column {start + 1}");
                }

                position += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (position >= line.Length)
                    {
                        throw new FormatException($"{at}: the value of label '{label}' is not closed");
                    }

                    var c = line[position++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        value.Append(position < line.Length ? line[position++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"{at}: '\\{other}' is not an escape of the format"),
                        } : throw new FormatException($"{at}: a label value ends in '\\'"));
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"{at}: label '{label}' given twice");
                }

                if (position < line.Length && line[position] == ',')
                {
                    position++;
                }
                else if (position >= line.Length || line[position] != '}')
                {
                    throw new FormatException($"{at}: expected ',' or '}}' at column {position + 1}");
                }
            }
        }

        if (position >= line.Length || line[position] != ' ')
        {
            throw new FormatException($"{at}: expected a space before the value");
        }

        var rest = line[(position + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2 || !TryValue(rest[0], out var number))
        {
            throw new FormatException($"{at}: expected a value and an optional timestamp");
        }

        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"{at}: '{rest[1]}' is not a timestamp in milliseconds");
        }

        return new Sample(name, labels, number);
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !text.Contains(',', StringComparison.Ordinal);
        }
    }

    private static string Unescape(string text, bool help, string at)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            result.Append(++i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when !help => '"',
                var other => throw new FormatException($"{at}: '\\{other}' is not an escape of the format"),
            } : throw new FormatException($"{at}: text ends in '\\'"));
        }

        return result.ToString();
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.StartsWith("__", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public sealed class MetricFamily(string name)
    {
        public string Name { get; } = name;

        public string? Type { get; internal set; }

        public string? Help { get; internal set; }

        public List<Sample> Samples { get; } = [];

        /// <summary>The value of the one sample named <paramref name="sampleName"/> with exactly these labels.</summary>
        public double Value(string sampleName, params (string Name, string Value)[] labels) =>
            Samples.Single(s => s.Name == sampleName && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Value;

        /// <summary>The value of the family's sample (a counter or gauge) with exactly these labels.</summary>
        public double Value(params (string Name, string Value)[] labels) => Value(Name, labels);
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public bool SameLabels(Sample other) => LabelKey() == other.LabelKey();

        public string LabelKey(string? except = null) =>
            string.Join(",", Labels.Where(l => l.Key != except).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
    }
}

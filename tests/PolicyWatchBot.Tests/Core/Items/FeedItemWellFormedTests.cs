using System.Collections;
using System.Reflection;
using PolicyWatchBot.Core;
using PolicyWatchBot.Core.Feeds;
using PolicyWatchBot.Core.Items;

namespace PolicyWatchBot.Tests.Core.Items;

public sealed class FeedItemWellFormedTests
{
    private const string Bad = "x\uD800y\uFFFE";

    [Fact]
    public void WithWellFormedText_EveryTextOfTheItem_IsWellFormed()
    {
        // Every string and list of strings, found by reflection, so a field added later is covered or this fails.
        var item = (FeedItem)Fill(new FeedItem { Key = new ItemKey(Bad), NativeId = Bad, Feed = new FeedId("f"), Title = Bad, FederalRegister = new FederalRegisterDetail() });

        var texts = Texts(item.WithWellFormedText()).ToList();

        Assert.True(texts.Count >= 20, $"only {texts.Count} texts were filled");
        Assert.All(texts, text => Assert.True(WellFormedText.IsWellFormed(text), text));
        Assert.Contains("x\uFFFDy\uFFFD", texts);
    }

    [Fact]
    public void WithWellFormedText_WellFormedItem_KeepsItsTexts()
    {
        var item = new FeedItem { Key = new ItemKey("fr:2024-1"), NativeId = "2024-1", Feed = new FeedId("f"), Title = "Entity List", Agencies = ["BIS"] };

        var same = item.WithWellFormedText();

        Assert.Equal(item, same);
        Assert.Same(item.Agencies, same.Agencies);
    }

    private static object Fill(object target)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (property.PropertyType == typeof(string))
            {
                property.SetValue(target, Bad);
            }
            else if (property.PropertyType == typeof(IReadOnlyList<string>))
            {
                property.SetValue(target, new[] { "ok", Bad });
            }
            else if (property.PropertyType == typeof(FederalRegisterDetail))
            {
                property.SetValue(target, Fill(property.GetValue(target) ?? new FederalRegisterDetail()));
            }
        }

        return target;
    }

    private static IEnumerable<string> Texts(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case string text:
                yield return text;
                yield break;
            case ItemKey key:
                yield return key.Value;
                yield break;
            case IEnumerable list:
                foreach (var element in list)
                {
                    foreach (var text in Texts(element))
                    {
                        yield return text;
                    }
                }

                yield break;
        }

        if (value.GetType().Namespace != typeof(FeedItem).Namespace)
        {
            yield break;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            foreach (var text in Texts(property.GetValue(value)))
            {
                yield return text;
            }
        }
    }
}

namespace Gantry.Versioning.Maven;

/// <summary>
/// A Maven version with the semantics of Maven 3.8's <c>ComparableVersion</c>: a tree of number, qualifier and list
/// items, where '-' and digit/letter transitions open sub-lists and trailing "null" items (0, "", "ga", "final",
/// "release") are dropped.
/// </summary>
internal sealed class MavenVersion : ParsedVersion
{
    private readonly ListItem _items;

    private MavenVersion(string original, ListItem items)
        : base(original) => _items = items;

    public override VersionScheme Scheme => VersionScheme.Maven;

    public static MavenVersion? TryParse(string text, out string? problem)
    {
        if (!text.Any(char.IsAsciiLetterOrDigit))
        {
            problem = "it has no digits or letters";
            return null;
        }

        problem = null;
        var version = text.ToLowerInvariant();
        var root = new ListItem();
        var list = root;
        var stack = new Stack<ListItem>();
        stack.Push(list);
        var isDigit = false;
        var start = 0;

        void OpenList()
        {
            var child = new ListItem();
            list.Items.Add(child);
            list = child;
            stack.Push(child);
        }

        for (var i = 0; i < version.Length; i++)
        {
            var c = version[i];
            if (c is '.' or '-')
            {
                list.Items.Add(i == start ? NumberItem.Zero : ParseItem(isDigit, version[start..i]));
                start = i + 1;
                if (c == '-')
                {
                    OpenList();
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                if (!isDigit && i > start)
                {
                    // "1.0.0.X1" < "1.0.0-X2": a qualifier directly followed by digits goes in its own list.
                    if (list.Items.Count > 0)
                    {
                        OpenList();
                    }

                    list.Items.Add(new StringItem(version[start..i], followedByDigit: true));
                    start = i;
                    OpenList();
                }

                isDigit = true;
            }
            else
            {
                if (isDigit && i > start)
                {
                    list.Items.Add(ParseItem(true, version[start..i]));
                    start = i;
                    OpenList();
                }

                isDigit = false;
            }
        }

        if (version.Length > start)
        {
            if (!isDigit && list.Items.Count > 0)
            {
                OpenList();
            }

            list.Items.Add(ParseItem(isDigit, version[start..]));
        }

        while (stack.Count > 0)
        {
            stack.Pop().Normalize();
        }

        return new MavenVersion(text, root);
    }

    private static Item ParseItem(bool isDigit, string text) =>
        isDigit ? new NumberItem(text.TrimStart('0') is { Length: > 0 } digits ? digits : "0") : new StringItem(text, followedByDigit: false);

    private protected override int CompareSameScheme(ParsedVersion other) => _items.CompareTo(((MavenVersion)other)._items);

    /// <summary>One node of the version tree; comparing with null means comparing with "nothing here".</summary>
    private abstract class Item
    {
        public abstract bool IsNull { get; }

        public abstract int CompareTo(Item? other);
    }

    private sealed class NumberItem(string digits) : Item
    {
        public static readonly NumberItem Zero = new("0");

        public string Digits { get; } = digits;

        public override bool IsNull => Digits == "0";

        public override int CompareTo(Item? other) => other switch
        {
            null => IsNull ? 0 : 1,
            NumberItem n => VersionText.CompareDigits(Digits, n.Digits),
            _ => 1, // 1.1 > 1-sp and 1.1 > 1-1
        };
    }

    private sealed class StringItem : Item
    {
        private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
        private static readonly string ReleaseIndex = Array.IndexOf(Qualifiers, "").ToString(System.Globalization.CultureInfo.InvariantCulture);

        public StringItem(string value, bool followedByDigit)
        {
            if (followedByDigit && value.Length == 1)
            {
                value = value switch { "a" => "alpha", "b" => "beta", "m" => "milestone", _ => value };
            }

            Value = value switch { "ga" or "final" or "release" => "", "cr" => "rc", _ => value };
        }

        public string Value { get; }

        public override bool IsNull => Comparable(Value) == ReleaseIndex;

        public override int CompareTo(Item? other) => other switch
        {
            null => Math.Sign(string.CompareOrdinal(Comparable(Value), ReleaseIndex)),
            StringItem s => Math.Sign(string.CompareOrdinal(Comparable(Value), Comparable(s.Value))),
            _ => -1, // 1.any < 1.1 and 1.any < 1-1
        };

        /// <summary>Known qualifiers sort by their index; unknown ones after all of them, alphabetically.</summary>
        private static string Comparable(string qualifier)
        {
            var i = Array.IndexOf(Qualifiers, qualifier);
            return i == -1 ? Qualifiers.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + qualifier : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private sealed class ListItem : Item
    {
        public List<Item> Items { get; } = [];

        public override bool IsNull => Items.Count == 0;

        /// <summary>Drops trailing null items, looking past nested lists.</summary>
        public void Normalize()
        {
            for (var i = Items.Count - 1; i >= 0; i--)
            {
                if (Items[i].IsNull)
                {
                    Items.RemoveAt(i);
                }
                else if (Items[i] is not ListItem)
                {
                    break;
                }
            }
        }

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    foreach (var item in Items)
                    {
                        var c = item.CompareTo(null);
                        if (c != 0)
                        {
                            return c;
                        }
                    }

                    return 0;
                case NumberItem:
                    return -1;
                case StringItem:
                    return 1;
                default:
                    var that = (ListItem)other;
                    for (var i = 0; i < Math.Max(Items.Count, that.Items.Count); i++)
                    {
                        var left = i < Items.Count ? Items[i] : null;
                        var right = i < that.Items.Count ? that.Items[i] : null;
                        var c = left is null ? (right is null ? 0 : -right.CompareTo(null)) : left.CompareTo(right);
                        if (c != 0)
                        {
                            return c;
                        }
                    }

                    return 0;
            }
        }
    }
}

using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RecoveryRules.Yaml.Reading;

// The events of PolicyEventReader's full pre-pass, handed out one at a time as YamlDotNet's Parser would hand them out
// (docs/design.md §30): Current is null before the first MoveNext and after the last.
internal sealed class ReplayedEvents(List<ParsingEvent> events) : IParser
{
    private int _next;

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        if (_next == events.Count)
        {
            Current = null;
            return false;
        }

        Current = events[_next++];
        return true;
    }
}

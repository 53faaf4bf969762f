namespace RecoveryRules.Tests.Infrastructure;

/// <summary>A task scheduler that only queues: a test sees how many tasks were scheduled and runs them when it chooses.</summary>
internal sealed class ManualTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> _pending = new();

    /// <summary>How many tasks were ever scheduled.</summary>
    public int Scheduled { get; private set; }

    /// <summary>Runs every pending task on the calling thread.</summary>
    public void RunPending()
    {
        while (_pending.TryDequeue(out var task))
        {
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task)
    {
        Scheduled++;
        _pending.Enqueue(task);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _pending];
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Hosting;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// What the hosting package's metrics and traces cost an evaluation (docs/embedding.md, "Observe"; docs/performance.md,
/// "Telemetry overhead"): the critical retail case c-1042 evaluated bare (the baseline), then wrapped as the engine
/// wraps it (<see cref="RecoveryRulesInstrumentation.EvaluationStarting"/> and
/// <see cref="RecoveryRulesInstrumentation.EvaluationFinished"/>) with nothing listening, with a
/// <see cref="MeterListener"/> taking every measurement, and with that and an <see cref="ActivityListener"/> recording
/// every span. The listeners do the least a listener can (add the value up), so the numbers are the instrumentation's
/// own cost; an exporter's aggregation comes on top.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class TelemetryOverheadBenchmarks
{
    private const string PolicyName = "retail";

    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private BenchmarkMeterFactory _meterFactory = null!;
    private RecoveryRulesInstrumentation _instrumentation = null!;
    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private Decision _decision = null!;
    private double _measured;
    private long _spans;

    [GlobalSetup(Targets = [nameof(Bare), nameof(WithoutListener), nameof(TelemetryOnlyWithoutListener)])]
    public void Setup()
    {
        _policy = RetailFixtures.LoadPolicy();
        (var json, _) = RetailFixtures.Get(RetailFixtures.Critical);
        _case = _policy.ReadCase(json);
        _decision = _policy.Evaluate(_case);
        _meterFactory = new BenchmarkMeterFactory();
        _instrumentation = new RecoveryRulesInstrumentation(_meterFactory);

        // The no-listener rows must measure the no-listener path: no clock read, no span.
        if (_instrumentation.EvaluationStarting(PolicyName, _policy.Identity, out var activity) != 0 || activity is not null)
        {
            throw new InvalidOperationException("Something listens to the RecoveryRules meter or activity source in the benchmark process.");
        }
    }

    [GlobalSetup(Targets = [nameof(WithMeterListener), nameof(TelemetryOnlyWithMeterListener)])]
    public void SetupMeterListener()
    {
        Setup();
        ListenToMeter();
    }

    [GlobalSetup(Targets = [nameof(WithMeterAndActivityListeners), nameof(TelemetryOnlyWithMeterAndActivityListeners)])]
    public void SetupMeterAndActivityListeners()
    {
        Setup();
        ListenToMeter();
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RecoveryRulesTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => _spans++,
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_measured == 0 && _meterListener is not null)
        {
            throw new InvalidOperationException("The meter listener took no measurement: the benchmark measured nothing.");
        }

        if (_spans == 0 && _activityListener is not null)
        {
            throw new InvalidOperationException("The activity listener saw no span: the benchmark measured nothing.");
        }

        _activityListener?.Dispose();
        _meterListener?.Dispose();
        _instrumentation.Dispose();
        _meterFactory.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Decision Bare() => _policy.Evaluate(_case);

    [Benchmark]
    public Decision WithoutListener() => Instrumented();

    [Benchmark]
    public Decision WithMeterListener() => Instrumented();

    [Benchmark]
    public Decision WithMeterAndActivityListeners() => Instrumented();

    /// <summary>The two calls around an evaluation alone (the decision made once beforehand), with nothing listening: the cost the bare/wrapped comparison cannot resolve from its noise.</summary>
    [Benchmark]
    public long TelemetryOnlyWithoutListener() => TelemetryOnly();

    /// <summary>As <see cref="TelemetryOnlyWithoutListener"/> with the meter listener attached.</summary>
    [Benchmark]
    public long TelemetryOnlyWithMeterListener() => TelemetryOnly();

    /// <summary>As <see cref="TelemetryOnlyWithoutListener"/> with the meter and activity listeners attached.</summary>
    [Benchmark]
    public long TelemetryOnlyWithMeterAndActivityListeners() => TelemetryOnly();

    private long TelemetryOnly()
    {
        var started = _instrumentation.EvaluationStarting(PolicyName, _policy.Identity, out var activity);
        _instrumentation.EvaluationFinished(PolicyName, _policy.Identity, started, activity, _decision, null);
        return started;
    }

    /// <summary>What the engine does per call (docs/embedding.md, "Observe").</summary>
    private Decision Instrumented()
    {
        var started = _instrumentation.EvaluationStarting(PolicyName, _policy.Identity, out var activity);
        var decision = _policy.Evaluate(_case);
        _instrumentation.EvaluationFinished(PolicyName, _policy.Identity, started, activity, decision, null);
        return decision;
    }

    private void ListenToMeter()
    {
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RecoveryRulesTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<long>((_, value, _, _) => _measured += value);
        _meterListener.SetMeasurementEventCallback<double>((_, value, _, _) => _measured += value);
        _meterListener.Start();
    }

    /// <summary>The least <see cref="IMeterFactory"/>: a new meter per call, disposed with the factory (a host's comes from <c>AddMetrics</c>).</summary>
    private sealed class BenchmarkMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}

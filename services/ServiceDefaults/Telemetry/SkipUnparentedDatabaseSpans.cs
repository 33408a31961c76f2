using OpenTelemetry.Trace;

namespace NamndFollowUp.ServiceDefaults.Telemetry;

/// <summary>
/// Samples every trace a request or a message starts, but not a database command that belongs to none: the outbox
/// dispatchers claim, the listener waits and the backlog is counted every second or so in every process, and as
/// traces of their own those polls would bury the requests' traces in the collector.
/// </summary>
public sealed class SkipUnparentedDatabaseSpans : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.ParentContext.TraceId == default && samplingParameters.Tags is { } tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key is "db.system" or "db.system.name")
                {
                    return new SamplingResult(SamplingDecision.Drop);
                }
            }
        }

        return new SamplingResult(SamplingDecision.RecordAndSample);
    }
}

using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>One span as a collector receives it, with the service.name of the process that sent it.</summary>
public sealed record ReceivedSpan(string Service, Span Span)
{
    public string TraceId => Span.TraceId.ToBase64();
    public string SpanId => Span.SpanId.ToBase64();
    public string ParentSpanId => Span.ParentSpanId.ToBase64();

    public string? Attribute(string key) =>
        Span.Attributes.FirstOrDefault(a => a.Key == key)?.Value is { } v
            ? v.HasStringValue ? v.StringValue : v.HasIntValue ? v.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : v.ToString()
            : null;

    public override string ToString() => $"{Service} {Span.Kind} '{Span.Name}'";
}

/// <summary>
/// An OTLP/HTTP collector for the tests: accepts POST /v1/traces (protobuf ExportTraceServiceRequest) and keeps every
/// span; answers the metrics and logs exports with an empty success, unread.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;

    public OtlpReceiver(int port)
    {
        Endpoint = $"http://localhost:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToArray();

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    var request = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
                    foreach (var resource in request.ResourceSpans)
                    {
                        var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
                        foreach (var span in resource.ScopeSpans.SelectMany(s => s.Spans))
                        {
                            _spans.Enqueue(new ReceivedSpan(service, span));
                        }
                    }
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                var empty = new ExportTraceServiceResponse().ToByteArray();
                await context.Response.OutputStream.WriteAsync(empty);
            }
            catch (InvalidProtocolBufferException)
            {
                context.Response.StatusCode = 400;
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

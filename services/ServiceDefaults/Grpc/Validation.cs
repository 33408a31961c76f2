using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.ServiceDefaults.Grpc;

/// <summary>Collects violations while a request is mapped, then throws them together.</summary>
public sealed class RequestValidator
{
    private readonly List<FieldViolation> _violations = [];

    public bool IsValid => _violations.Count == 0;

    public void Add(string field, string description) => _violations.Add(new FieldViolation(field, description));

    public string Code(string field, string? value, int maxLength = 32)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
            return "";
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"is longer than {maxLength} characters");
        }
        return trimmed;
    }

    /// <summary>A municipality's 4-digit SCB code, e.g. Uppsala's 0380.</summary>
    public string MunicipalityCode(string field, string? value)
    {
        var code = Code(field, value, 4);
        if (code.Length > 0 && (code.Length != 4 || !code.All(char.IsAsciiDigit)))
        {
            Add(field, $"must be the municipality's 4-digit SCB code, got '{InputLimits.Shorten(value!)}'");
        }
        return code;
    }

    public decimal? OptionalAmount(string field, Contracts.Common.V1.Decimal? value)
    {
        if (value is null)
        {
            return null;
        }
        if (DomainLimits.AmountProblem(value.Value, out var amount) is { } problem)
        {
            Add(field, $"{problem}, got '{InputLimits.Shorten(value.Value)}'");
            return null;
        }
        return amount;
    }

    public decimal Amount(string field, Contracts.Common.V1.Decimal? value)
    {
        if (value is null)
        {
            Add(field, "is required");
            return 0;
        }
        return OptionalAmount(field, value) ?? 0;
    }

    public PeriodKey Period(string field, Period? period)
    {
        if (period is null)
        {
            Add(field, "is required");
            return default;
        }
        if (!DomainLimits.IsYear(period.Year))
        {
            Add($"{field}.year", DomainLimits.YearProblem(period.Year));
        }
        if (period.Point == PeriodPoint.Unspecified || !Enum.IsDefined(period.Point))
        {
            Add($"{field}.point", "must be a month (PERIOD_POINT_MONTH_01..12), PERIOD_POINT_INTERIM or PERIOD_POINT_FULL_YEAR");
        }
        return new PeriodKey(period.Year, (int)period.Point);
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationFailedException(_violations);
        }
    }
}

public static class DecimalMapping
{
    public static Contracts.Common.V1.Decimal ToProto(this decimal value) =>
        new() { Value = value.ToString(CultureInfo.InvariantCulture) };

    public static Contracts.Common.V1.Decimal? ToProto(this decimal? value) => value?.ToProto();
}

/// <summary>Turns validation failures from any service method into InvalidArgument with details.</summary>
public sealed class ValidationExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (ToRpc(e) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (ToRpc(e) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (ToRpc(e) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (ToRpc(e) is { } rpc)
        {
            throw rpc;
        }
    }

    /// <summary>
    /// The status a rule broken in a service method answers with, or null for any other exception; for
    /// endpoints outside gRPC (raw uploads) that answer as JSON transcoding would.
    /// </summary>
    public static RpcException? ToRpc(Exception e) => e switch
    {
        ValidationFailedException invalid => invalid.ToRpcException(),
        ReportLockedException locked => new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, locked.Message)),
        // Not a rule, but the one other failure a caller can act on: retry once the database is back.
        _ when Data.DatabaseUnavailable.Is(e) => Data.DatabaseUnavailable.ToRpcException(),
        // Nor is a collision with another writer at the same moment a fault: nothing was stored, sending it again passes.
        _ when Data.ConcurrentWrite.Is(e) => Data.ConcurrentWrite.ToRpcException(),
        _ => null,
    };
}

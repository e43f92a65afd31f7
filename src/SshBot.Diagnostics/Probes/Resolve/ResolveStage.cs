using System.Diagnostics;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Probes.Resolve;

/// <summary>
/// Resolves the name to every address it has and runs the policy on all of them. Only the
/// addresses validated here are ever connected to: no second lookup, no rebinding window.
/// The stage ends at its own timeout even when the resolver does not (the system resolver
/// goes on with its own tries, 5 s each by default): a resolver that never answers is a
/// timeout, not the SERVFAIL glibc reports for it once its tries are spent.
/// </summary>
public sealed class ResolveStage(IDnsResolver resolver, TargetPolicy policy) : IDiagnosisStage
{
    public const string StageName = "resolve";

    /// <summary>The least time a resolver try can take (resolv.conf's timeout is at least 1 s): a failure this late had no answer.</summary>
    public static readonly TimeSpan SilentResolverAfter = TimeSpan.FromSeconds(1);

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [];

    public TimeSpan GetTimeout(DiagnosisOptions options) => options.ConnectTimeout;

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        var o = context.Observations;
        var target = context.Target;
        if (target.Address is { } literal)
        {
            o.Set("dns.status", "literal");
            o.Set("dns.addresses", [literal.ToString()]);
            return Validate(context, [literal]);
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            var lookup = resolver.ResolveAsync(target.Host, cancellationToken);
            // A lookup left running past the timeout may still fail later; nobody waits for it then.
            _ = lookup.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            var found = await lookup.WaitAsync(cancellationToken);
            o.Set("dns.ms", Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            var addresses = found.Select(AddressParser.Normalize).Distinct().ToArray();
            if (addresses.Length == 0)
            {
                o.Set("dns.status", "no-address");
                return StageOutcome.Fail($"{target.Host} has no A or AAAA record");
            }

            o.Set("dns.status", "resolved");
            o.Set("dns.addresses", addresses.Select(a => a.ToString()));
            return Validate(context, addresses);
        }
        catch (DnsResolutionException e)
        {
            var took = Stopwatch.GetElapsedTime(start);
            o.Set("dns.ms", Math.Round(took.TotalMilliseconds));
            var status = e.Failure switch
            {
                DnsFailure.NxDomain => "nxdomain",
                // getaddrinfo says EAI_AGAIN both for a SERVFAIL answer and for no answer at
                // all. An answer comes within milliseconds; after a whole resolver try (1 s at
                // the least, resolv.conf's timeout) nothing answered.
                DnsFailure.ServFail when took >= SilentResolverAfter => "timeout",
                DnsFailure.ServFail => "servfail",
                DnsFailure.NoAddress => "no-address",
                _ => "error",
            };
            o.Set("dns.status", status);
            o.Set("dns.error", e.Message);
            return StageOutcome.Fail($"{target.Host}: {status} ({e.Message})");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            o.Set("dns.ms", Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            o.Set("dns.status", "timeout");
            return StageOutcome.Fail($"{target.Host}: no answer from the resolver in time");
        }
    }

    private StageOutcome Validate(DiagnosisContext context, System.Net.IPAddress[] addresses)
    {
        var decision = policy.Evaluate(context.Target, addresses, context.Origin);
        if (!decision.Allowed)
        {
            context.Refusal = decision;
            return StageOutcome.Fail("refused by policy");
        }

        context.Addresses = addresses;
        return StageOutcome.Ok(string.Join(", ", addresses.Select(a => a.ToString())));
    }
}

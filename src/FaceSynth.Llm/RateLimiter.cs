namespace FaceSynth.Llm;

/// <summary>Token bucket: <c>perMinute</c> tokens a minute, burst <c>burst</c> (AUDIT.md 6.5).</summary>
internal sealed class RateLimiter
{
    private readonly double _perSecond;
    private readonly double _burst;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last = Environment.TickCount64;

    public RateLimiter(double perMinute, int burst)
    {
        _perSecond = perMinute / 60.0;
        _burst = Math.Max(1, burst);
        _tokens = _burst;
    }

    public async Task WaitAsync(CancellationToken ct)
    {
        if (_perSecond <= 0)
        {
            return;
        }

        while (true)
        {
            double waitS;
            lock (_gate)
            {
                long now = Environment.TickCount64;
                _tokens = Math.Min(_burst, _tokens + ((now - _last) / 1000.0 * _perSecond));
                _last = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }

                waitS = (1 - _tokens) / _perSecond;
            }

            await Task.Delay(TimeSpan.FromSeconds(waitS), ct).ConfigureAwait(false);
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FaceSynth.Llm.Tests;

/// <summary>A scripted reply of the stub server.</summary>
internal sealed record StubReply(int Status, string Body, string? RetryAfter = null, int DelayMs = 0)
{
    public static StubReply Answer(string content, string finishReason = "stop") => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["model"] = "stub-vision-1",
        ["system_fingerprint"] = "fp_test",
        ["choices"] = new JsonArray { new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content }, ["finish_reason"] = finishReason } },
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 12, ["total_tokens"] = 112 },
    }.ToJsonString());

    public static StubReply Http(int status, string? retryAfter = null) => new(status, "{\"error\":{\"message\":\"scripted\"}}", retryAfter);
}

/// <summary>
/// OpenAI-compatible stub on 127.0.0.1 (loopback only): answers POST /v1/chat/completions from a script
/// (a queue, then a fallback function of the request) and records every request.
/// </summary>
internal sealed class StubChatServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public StubChatServer(Func<JsonObject, StubReply>? fallback = null)
    {
        Fallback = fallback ?? (_ => StubReply.Answer("{\"same_person\": \"yes\", \"confidence\": 90}"));
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<StubReply> Script { get; } = new();

    public Func<JsonObject, StubReply> Fallback { get; set; }

    public ConcurrentQueue<(JsonObject Body, string? Authorization)> Requests { get; } = new();

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        try
        {
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            Requests.Enqueue((body, ctx.Request.Headers["Authorization"]));
            var reply = Script.TryDequeue(out var r) ? r : Fallback(body);
            if (reply.DelayMs > 0)
            {
                await Task.Delay(reply.DelayMs);
            }

            ctx.Response.StatusCode = reply.Status;
            ctx.Response.ContentType = "application/json";
            if (reply.RetryAfter is not null)
            {
                ctx.Response.AddHeader("Retry-After", reply.RetryAfter);
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client gave up (timeout test)
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }
}

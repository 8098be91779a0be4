using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PolicyWatchBot.Tests.Infrastructure;

/// <summary><c>GET /metrics</c> of a running worker over loopback, read with the strict parser.</summary>
public static class MetricsScrape
{
    public static async Task<PrometheusText> FromAsync(WebApplication app)
    {
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient(new SocketsHttpHandler());
        using var response = await http.GetAsync(new Uri(address, "/metrics"), Fixtures.Timeout());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(Fixtures.Timeout()));
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace PolicyWatchBot.Hosting;

/// <summary>
/// Before the worker starts (and so before the database is touched), each address in <c>Urls</c>
/// is tried: one another program listens on stops the start with the address and the key to change.
/// </summary>
internal static class ListenAddressCheck
{
    public static void ThrowIfInUse(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw new StartupProblemException($"Urls has '{url}', which is not an address to listen on; write it like http://127.0.0.1:5080");
            }

            if (address.IsUnixPipe || address.Port == 0)
            {
                continue;
            }

            foreach (var endPoint in EndPoints(address))
            {
                if (InUse(endPoint))
                {
                    throw new StartupProblemException(
                        $"{url} is already in use by another program (Urls); stop that program, or listen elsewhere: --Urls=http://127.0.0.1:{address.Port + 1}, the Urls key of appsettings.json, or the ASPNETCORE_URLS variable");
                }
            }
        }
    }

    /// <summary>What Kestrel binds for the host: an IP as written, localhost on loopback, anything else on every interface.</summary>
    private static IEnumerable<IPEndPoint> EndPoints(BindingAddress address)
    {
        if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            return [new IPEndPoint(ip, address.Port)];
        }

        return string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? [new IPEndPoint(IPAddress.Loopback, address.Port)]
            : [new IPEndPoint(IPAddress.Any, address.Port)];
    }

    private static bool InUse(IPEndPoint endPoint)
    {
        using var probe = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (!OperatingSystem.IsWindows())
        {
            // As Kestrel does: connections of an earlier run still in TIME_WAIT do not count, a listener does.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }

        try
        {
            probe.Bind(endPoint);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // Not an address of this machine, or not allowed: Kestrel's own error says which.
            return false;
        }
    }
}

using System.Security.Cryptography;

namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>
/// Random bytes for the probe's KEXINIT cookie and packet padding, from the kernel's CSPRNG
/// (/dev/urandom) where there is one. The runtime's RandomNumberGenerator draws them through
/// OpenSSL on Linux, and loading and configuring OpenSSL for 16 bytes cost a one-shot native
/// `sshbot diagnose` ~17 ms before its first packet. Elsewhere, or if the device cannot be read,
/// RandomNumberGenerator fills them.
/// </summary>
internal static class WireRandom
{
    private const string Device = "/dev/urandom";

    public static void Fill(Span<byte> destination)
    {
        if (OperatingSystem.IsLinux() && TryKernel(destination))
        {
            return;
        }

        RandomNumberGenerator.Fill(destination);
    }

    private static bool TryKernel(Span<byte> destination)
    {
        try
        {
            using var device = File.OpenHandle(Device);
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = RandomAccess.Read(device, destination[filled..], 0);
                if (read <= 0)
                {
                    return false;
                }

                filled += read;
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

using SshBot.Chat.Hosting;

// `sshbot serve` in the native build runs this program in its place (same process id, same
// arguments), so systemd, containers and signals see one server process.
return await ServeHost.RunAsync(args, Console.Error, CancellationToken.None, SshBot.Zones.Hosting.ZoneServices.Configure);

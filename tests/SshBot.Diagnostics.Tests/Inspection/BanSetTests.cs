using System.Net;
using SshBot.Diagnostics.Inspection;

namespace SshBot.Diagnostics.Tests.Inspection;

public sealed class BanSetTests
{
    private static InspectionReport Nft(string ruleset) =>
        InspectionParser.Parse("@@section firewall-nft\n" + ruleset + "\n@@status ok\n@@end\n", 22);

    [Fact]
    public void SshguardSetsWithTimeoutsAndWrappedElementsAreBans()
    {
        var report = Nft("""
            table ip sshguard {
            	set attackers {
            		type ipv4_addr
            		flags interval,timeout
            		elements = { 192.0.2.7 timeout 2h expires 1h58m, 198.51.100.0/24 timeout 2h expires 1h2m,
            			     203.0.113.77 timeout 2h expires 30m }
            	}
            	chain blacklist {
            		type filter hook input priority filter - 10; policy accept;
            		ip saddr @attackers drop
            	}
            }
            """);

        Assert.Equal(["192.0.2.7 (nft set attackers)", "198.51.100.0/24 (nft set attackers)", "203.0.113.77 (nft set attackers)"], report.List("host.bans"));
        Assert.True(report.IsBanned(IPAddress.Parse("198.51.100.200")));
        Assert.False(report.IsBanned(IPAddress.Parse("198.51.101.1")));
    }

    [Fact]
    public void ASetUsedByADropRuleIsABanWhateverItsNameAndAnAcceptedSetIsNot()
    {
        var report = Nft("""
            table inet filter {
            	set office {
            		type ipv4_addr
            		elements = { 10.1.0.1 }
            	}
            	set noisy {
            		type ipv4_addr
            		elements = { 10.9.9.9 }
            	}
            	chain input {
            		type filter hook input priority filter; policy accept;
            		tcp dport 22 ip saddr @office accept
            		tcp dport 22 ip saddr @noisy drop
            		ip saddr 10.6.6.6 reject
            	}
            }
            """);

        Assert.Equal(["10.6.6.6 (nft rule)", "10.9.9.9 (nft set noisy)"], report.List("host.bans").Order(StringComparer.Ordinal));
        Assert.Equal(["nft: tcp dport 22 ip saddr @office accept", "nft: tcp dport 22 ip saddr @noisy drop"], report.List("host.firewall.rules"));
    }

    [Fact]
    public void IpsetMembersCountWhenAnIptablesRuleDropsTheSet()
    {
        var text = """
            @@section firewall-iptables
            -A INPUT -p tcp -m tcp --dport 22 -m set --match-set blocked-src src -j DROP
            @@status ok
            @@end
            @@section bans-ipset
            Name: blocked-src
            Type: hash:ip
            Members:
            192.0.2.55 timeout 3000
            192.0.2.56

            Name: trusted
            Type: hash:net
            Members:
            10.0.0.0/8
            @@status ok
            @@end
            """;

        var report = InspectionParser.Parse(text, 22);

        Assert.Equal(["192.0.2.55 (ipset blocked-src)", "192.0.2.56 (ipset blocked-src)"], report.List("host.bans"));
        Assert.False(report.IsBanned(IPAddress.Parse("10.1.2.3")));
    }
}

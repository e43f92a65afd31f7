namespace SshBot.Chat.Cards;

/// <summary>
/// What a team sees once when it adds the bot: what the bot does, the commands it understands,
/// and where its knowledge base is. Plain card text like every other card, so the renderer
/// escapes the configured knowledge-base address like any other field.
/// </summary>
public static class TeamsWelcomeCard
{
    public static ChatCard Create(string? knowledgeBaseUrl)
    {
        var knowledge = new List<string>
        {
            "kb list: the articles I quote fixes from",
            "kb show ID: one article",
            "kb add / replace / retire / revert: admins edit the articles from chat",
        };
        if (!string.IsNullOrWhiteSpace(knowledgeBaseUrl))
        {
            knowledge.Add($"Read and change them at {knowledgeBaseUrl}");
        }

        return new(
            "SshBot is here: tell me which host SSH fails to and I'll look",
            [
                new CardHeading("Hello, I'm SshBot"),
                new CardText("When SSH to a host fails, tell me the host. I probe it from where I run, name the most likely cause with the evidence for it, quote the fix from your team's knowledge base, and remember what fixed it last time."),
                new CardList("Ask me", [
                    "can't ssh to web-01",
                    "ssh to 10.1.2.3 times out",
                    "diagnose deploy@web-01 db-02 (several hosts at once)",
                    "history web-01 / recent",
                    "help",
                ]),
                new CardList("Knowledge base", knowledge),
            ],
            []);
    }
}

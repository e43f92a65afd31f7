using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SshBot.KnowledgeBase.Overlay;

/// <summary>
/// Which knowledge base a process serves: the newest stored revision it includes and a hash of the
/// effective articles' text, written <c>r12-3f9a2c1d0b7e</c>. Two processes with the same folder and
/// the same store print the same version; a changed file changes the hash, a stored edit both.
/// </summary>
public sealed record KnowledgeBaseVersion(long Revision, string ContentHash)
{
    private const int ShownHashLength = 12;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"r{Revision}-{ContentHash[..Math.Min(ShownHashLength, ContentHash.Length)]}");

    /// <summary>
    /// The version of a set of articles (id and text). Ids are hashed in order and line endings
    /// are normalised, so a checkout with CRLF files and one with LF files agree.
    /// </summary>
    internal static KnowledgeBaseVersion Of(long revision, IEnumerable<(string Id, string Text)> articles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (id, text) in articles.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(id));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
            hash.AppendData([0]);
        }

        return new KnowledgeBaseVersion(revision, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}

using System.Globalization;
using System.Text;

namespace FaceSynth.Server.Ranking;

/// <summary>CSV export of a leaderboard (RFC 4180 quoting, invariant numbers with full precision).</summary>
public static class LeaderboardExport
{
    /// <summary>The leaderboard as CSV: rank, submission, team, submitted_at, then one column per metric.</summary>
    public static string Csv(Leaderboard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var sb = new StringBuilder();
        sb.Append("rank,submission,team,submitted_at");
        foreach (var c in board.Columns)
        {
            sb.Append(',').Append(Quote(c.Id));
        }

        sb.Append('\n');
        foreach (var r in board.Rows)
        {
            sb.Append(r.Rank.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(r.SubmissionId.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Quote(r.Team)).Append(',')
              .Append(r.SubmittedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            foreach (var v in r.Values)
            {
                sb.Append(',');
                if (v is { } x)
                {
                    sb.Append(x.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Quote(string s)
    {
        // A leading = + - @ would be a formula in spreadsheet programs; team names are user input.
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@')
        {
            s = "'" + s;
        }

        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}

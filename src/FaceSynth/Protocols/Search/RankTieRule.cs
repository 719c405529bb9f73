namespace FaceSynth.Protocols.Search;

/// <summary>How a non-mated gallery entry with exactly the mated score affects the mated rank.</summary>
public enum RankTieRule
{
    /// <summary>bob.measure rule (default): rank = #{non-mated &gt;= mated score}; ties count against the mated entry.</summary>
    Pessimistic,

    /// <summary>rank = #{non-mated &gt; mated score}; ties favour the mated entry.</summary>
    Optimistic,
}

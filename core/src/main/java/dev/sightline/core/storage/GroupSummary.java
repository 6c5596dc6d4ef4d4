package dev.sightline.core.storage;

/**
 * Totals over the traces of one session or user (of the traces in the query's range).
 *
 * @param id the session or user id
 * @param name for users, the user name of the latest-starting trace that has one (ties: the
 *     greatest trace id), or null if none has; always null for sessions
 * @param errorCount traces that {@linkplain QuerySemantics#isError failed}
 * @param firstTime earliest trace {@linkplain QuerySemantics#start start}, epoch microseconds;
 *     traces without a start are counted but do not move it; 0 if no trace has a start
 * @param lastTime latest trace start, likewise
 * @param inputTokens sum of the traces' rollups, like the other token counts and the cost; token
 *     sums are exact up to 2^63 − 1 and saturated there ({@link Sums})
 * @param cost US dollars
 */
public record GroupSummary(String id, String name, long traceCount, long errorCount, long firstTime,
    long lastTime, long inputTokens, long outputTokens, long totalTokens, double cost) {}

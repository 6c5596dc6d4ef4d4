package dev.sightline.server.storage;

/**
 * Totals over the traces of one session or user.
 *
 * @param id the session or user id
 * @param name the user's name (latest seen), or null for sessions
 * @param firstTime earliest trace start, epoch microseconds
 * @param lastTime latest trace start, epoch microseconds
 * @param cost US dollars
 */
public record GroupSummary(String id, String name, long traceCount, long errorCount, long firstTime,
    long lastTime, long inputTokens, long outputTokens, long totalTokens, double cost) {}

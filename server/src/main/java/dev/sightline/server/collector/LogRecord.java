package dev.sightline.server.collector;


/**
 * One accepted request as the write-ahead log keeps it: the body exactly as received, so that the
 * deterministic decoder rebuilds the same rows on replay.
 *
 * @param projectId the project of the request's API key
 * @param receivedAt arrival time, epoch microseconds
 * @param format how {@code body} is to be decoded
 * @param gzip whether {@code body} is gzip-compressed
 * @param body the request body (JSON, or its gzip form)
 */
record LogRecord(String projectId, long receivedAt, Format format, boolean gzip, byte[] body) {}

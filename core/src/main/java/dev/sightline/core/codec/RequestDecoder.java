package dev.sightline.core.codec;

/**
 * Decodes one request body of a format (native JSON, OTLP protobuf or OTLP JSON) into rows.
 * Implementations must be deterministic for a given body, project and arrival time, because the
 * write-ahead log keeps raw bodies and replays them through the same decoder, and thread-safe.
 */
public interface RequestDecoder {
  /**
   * @param body the uncompressed request body
   * @param projectId the project of the API key; every row gets it
   * @param receivedAt arrival time, epoch microseconds
   * @throws IngestException if the body cannot be read at all; nothing of it is to be stored
   */
  DecodedBatch decode(byte[] body, String projectId, long receivedAt);
}

package dev.sightline.server.auth;

import dev.sightline.server.state.Postgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What was changed or deleted, by whom and when: each entry durable before the change it records
 * is answered, never rewritten. Kept in {@code audit.jsonl} under the data directory
 * ({@link #file}), or in the table {@code audit_log} of the shared PostgreSQL ({@link #postgres}),
 * where every server writes and reads the same log. Implementations are thread-safe.
 */
public interface AuditLog {

  /**
   * One entry.
   *
   * @param time epoch microseconds
   * @param keyId the id of the key that did it ({@code cli} for the command line, {@code server}
   *     for the server's own jobs)
   * @param action e.g. {@code traces.delete}, {@code settings.update}, {@code key.create}
   * @param target what it acted on: a trace id, a filter, a key id
   * @param details numbers or words that say more (how many traces were deleted), or null
   */
  record Entry(long time, String projectId, String keyId, String action, String target,
      Map<String, Object> details) {}

  /** Appends an entry durably; the change it records may be answered once this returns. */
  void record(String projectId, String keyId, String action, String target, Map<String, Object> details);

  /** A project's entries, newest first, at most {@code limit}. */
  List<Entry> entries(String projectId, int limit);

  /** The log in {@code <dataDir>/audit.jsonl}. */
  static AuditLog file(Path dataDir) {
    return new FileAuditLog(dataDir);
  }

  /** The log in the shared database's {@code audit_log}. */
  static AuditLog postgres(Postgres db) {
    return new PostgresAuditLog(db);
  }
}

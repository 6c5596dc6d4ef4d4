package dev.sightline.server.cli;

import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.state.Postgres;
import dev.sightline.server.state.StateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the state lives, for {@code serve} and the commands that change keys and projects:
 * {@code --state file|postgres} and the database's url, user and password, each with its
 * environment variable.
 */
final class StateOptions {
  @Option(names = "--state", defaultValue = "${env:SIGHTLINE_STATE:-file}",
      description = "Where keys, settings, evaluators, prompts, datasets, the audit log and queued evaluations"
          + " live: file (the data directory, one server) or postgres (shared by every server; see"
          + " --postgres-url) (env SIGHTLINE_STATE, default ${DEFAULT-VALUE}).")
  String state;

  @Option(names = "--postgres-url", defaultValue = "${env:SIGHTLINE_POSTGRES_URL}",
      description = "JDBC url of the state's database with --state postgres, like"
          + " jdbc:postgresql://db:5432/sightline (env SIGHTLINE_POSTGRES_URL).")
  String url;

  @Option(names = "--postgres-user", defaultValue = "${env:SIGHTLINE_POSTGRES_USER}",
      description = "User of the state's database (env SIGHTLINE_POSTGRES_USER).")
  String user;

  @Option(names = "--postgres-password", defaultValue = "${env:SIGHTLINE_POSTGRES_PASSWORD}",
      description = "Password of the state's database; prefer the environment variable, which no process"
          + " listing shows (env SIGHTLINE_POSTGRES_PASSWORD).")
  String password;

  /** @throws IllegalArgumentException naming the option at fault */
  StateSettings settings() {
    return new StateSettings(state, url, user, password);
  }

  /** The keys and the audit log as the options place them, open until closed. */
  Opened open(Path dataDir) throws IOException {
    Postgres db = settings().connect();
    if (db != null) {
      return new Opened(KeyStore.open(db), AuditLog.postgres(db), db);
    }
    Files.createDirectories(dataDir);
    return new Opened(KeyStore.open(dataDir), AuditLog.file(dataDir), null);
  }

  /** Keys and the audit log, and the database connection they use (null with files). */
  record Opened(KeyStore keys, AuditLog audit, Postgres db) implements AutoCloseable {
    @Override
    public void close() {
      if (db != null) {
        db.close();
      }
    }
  }
}

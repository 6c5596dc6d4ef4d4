package dev.sightline.server.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The server a command talks to and the key it uses: options shared by export and import. */
final class Remote {
  @Option(names = "--url", defaultValue = "${env:SIGHTLINE_URL:-http://127.0.0.1:7600}",
      description = "The server (env SIGHTLINE_URL, default ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--key", defaultValue = "${env:SIGHTLINE_API_KEY}",
      description = "An API key of the project (env SIGHTLINE_API_KEY).")
  String key;

  /** The key, or a usage error naming the role it needs. */
  String key(String role) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("--key: required (or SIGHTLINE_API_KEY), " + role + " key of the project");
    }
    return key;
  }
}

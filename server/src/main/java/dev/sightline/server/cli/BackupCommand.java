package dev.sightline.server.cli;

import dev.sightline.core.storage.SnapshotFiles;
import dev.sightline.server.backup.Backup;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline backup DIR} against a running server, and {@code sightline restore BACKUP} offline. */
final class BackupCommand {
  private static final String MANIFEST = Backup.MANIFEST;

  private BackupCommand() {}

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = {"Back up a running server into a new directory on its machine, consistently, while it",
          "ingests: every project, the write-ahead log, keys, settings and the audit log. Needs an admin",
          "key of the default project (SIGHTLINE_API_KEY is one)."})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Where to put the backup: a new or empty directory.")
    Path dir;

    @Option(names = "--url", defaultValue = "${env:SIGHTLINE_URL:-http://127.0.0.1:7600}",
        description = "The server (env SIGHTLINE_URL, default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--key", defaultValue = "${env:SIGHTLINE_API_KEY}",
        description = "An admin key of the default project (env SIGHTLINE_API_KEY).")
    String key;

    @Override
    public Integer call() throws Exception {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("--key: required (or SIGHTLINE_API_KEY), an admin key of the default project");
      }
      PrintWriter out = spec.commandLine().getOut();
      String target = dir.toAbsolutePath().normalize().toString();
      HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/backup?dir="
              + URLEncoder.encode(target, StandardCharsets.UTF_8)))
          .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build();
      HttpResponse<Stream<String>> answer;
      try {
        answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
      } catch (ConnectException e) {
        throw new IllegalArgumentException("--url: no server answers at " + url + "; is it running?");
      }
      if (answer.statusCode() != 200) {
        String body = String.join("\n", (Iterable<String>) answer.body()::iterator);
        throw new IllegalArgumentException("the server refused the backup (" + answer.statusCode() + "): " + body);
      }
      for (Iterator<String> lines = answer.body().iterator(); lines.hasNext(); ) {
        String[] line = lines.next().split(" ", 3);
        if (line[0].equals("progress")) {
          out.print("\r" + bar(Long.parseLong(line[1]), Long.parseLong(line[2])));
          out.flush();
        } else if (line[0].equals("done")) {
          out.println();
          out.println("Backed up " + mb(Long.parseLong(line[1])) + " to " + line[2]
              + "; restore it with: ./sightline restore " + line[2] + " --data NEW_DIR");
          return 0;
        } else if (line[0].equals("note")) {
          out.println();
          out.println("Note: " + String.join(" ", Arrays.copyOfRange(line, 1, line.length)));
        } else if (line[0].equals("failed")) {
          out.println();
          throw new IllegalArgumentException("the backup failed: " + line[1] + (line.length > 2 ? " " + line[2] : ""));
        }
      }
      throw new IllegalArgumentException("the server stopped answering before the backup was done");
    }

    /** {@code [##########··········]  52%  130 of 250 MB}. */
    static String bar(long copied, long total) {
      int width = 30;
      int filled = total <= 0 ? width : (int) Math.min(width, copied * width / total);
      return "[" + "#".repeat(filled) + "·".repeat(width - filled) + "] "
          + String.format("%3d%%  %s of %s", total <= 0 ? 100 : Math.min(100, copied * 100 / total), mb(copied),
              mb(total));
    }

    private static String mb(long bytes) {
      return String.format("%.1f MB", bytes / 1048576.0);
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = {"Restore a backup into a new or empty data directory (offline: then start a server on it);",
          "the restored server replays what the backup's log holds and answers as the original did."})
  static final class Restore implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin Main.DataOption data;

    @Parameters(paramLabel = "BACKUP", description = "A directory written by 'backup'.")
    Path backup;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(backup.resolve(MANIFEST))) {
        throw new IllegalArgumentException("BACKUP: " + backup + " holds no complete backup (no "
            + MANIFEST + ")");
      }
      try (Stream<Path> entries = Files.exists(data.data) ? Files.list(data.data) : Stream.empty()) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--data: " + data.data + " is not empty; restore into a new directory");
        }
      }
      long bytes = SnapshotFiles.copyTree(backup, data.data, n -> { });
      Files.deleteIfExists(data.data.resolve(MANIFEST));
      spec.commandLine().getOut().println("Restored " + String.format("%.1f MB", bytes / 1048576.0) + " into "
          + data.data + "; start it with: ./sightline serve --data " + data.data);
      return 0;
    }
  }
}

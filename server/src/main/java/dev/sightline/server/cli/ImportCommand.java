package dev.sightline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sightline import FILE}: posts the traces of a {@code jsonl} export back through
 * {@code /api/ingest} in batches ({@link ImportItems}), or the lines of an {@code otlp-json} export
 * to {@code /v1/traces}; waits and retries when the server asks to ({@code 429}, {@code 503}), and
 * reports the items it refused.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import an export (jsonl or otlp-json) into the project of the key, through the ingest API:",
        "the same traces, spans and scores, with the same ids. Needs a write key."})
final class ImportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Body size a batch is sent at: well under the server's default 16 MiB limit. */
  private static final int BATCH_BYTES = 4 << 20;
  private static final int SHOWN_ERRORS = 10;

  @Spec CommandSpec spec;
  @CommandLine.Mixin Remote remote;

  @Parameters(paramLabel = "FILE", description = "A file written by 'export' (jsonl or otlp-json).")
  Path file;

  @Option(names = "--batch", defaultValue = "1000", description = "Items per request (default ${DEFAULT-VALUE}).")
  int batchItems;

  private final HttpClient http = HttpClient.newHttpClient();
  private long rejected;

  @Override
  public Integer call() throws Exception {
    String key = remote.key("a write");
    if (batchItems < 1) {
      throw new IllegalArgumentException("--batch: must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    long total = Files.size(file);
    Progress progress = new Progress(out, System.console() != null, "traces", System::nanoTime);
    long traces = 0;
    long bytes = 0;
    ArrayNode batch = JSON.createArrayNode();
    long batchBytes = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line; (line = in.readLine()) != null; ) {
        number++;
        bytes += line.length() + 1;
        if (line.isBlank()) {
          continue;
        }
        JsonNode json = parse(line, number);
        if (json.has("resourceSpans")) {
          send(key, "/v1/traces", line, out);
        } else {
          List<ObjectNode> items;
          try {
            items = ImportItems.of(json);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FILE: line " + number + ": " + e.getMessage()
                + (json.has("messages") ? " (openai-chat exports cannot be imported)" : ""));
          }
          if (!batch.isEmpty() && (batch.size() + items.size() > batchItems || batchBytes + line.length() > BATCH_BYTES)) {
            flush(key, batch, out);
            batchBytes = 0;
          }
          batch.addAll(items);
          batchBytes += line.length();
        }
        traces++;
        progress.update(traces, bytes, total);
      }
    }
    flush(key, batch, out);
    progress.finish(traces, Math.min(bytes, total), total);
    out.println("Imported " + traces + " traces from " + file + (rejected == 0 ? "." : "; the server refused "
        + rejected + " items (shown above)."));
    return rejected == 0 ? 0 : 1;
  }

  private static JsonNode parse(String line, int number) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("FILE: line " + number + " is not JSON: " + e.getMessage());
    }
  }

  private void flush(String key, ArrayNode batch, PrintWriter out) throws IOException, InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("batch", batch);
    send(key, "/api/ingest", JSON.writeValueAsString(body), out);
    batch.removeAll();
  }

  /** Posts one body, again after the server's Retry-After while it answers 429 or 503. */
  private void send(String key, String path, String body, PrintWriter out) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(remote.url.toString().replaceAll("/+$", "") + path))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    while (true) {
      HttpResponse<String> answer;
      try {
        answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new IllegalArgumentException("--url: no server answers at " + remote.url + "; is it running?");
      }
      int status = answer.statusCode();
      if (status == 429 || status == 503) {
        long seconds = answer.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.max(1, seconds) * 1000);
        continue;
      }
      if (status == 200) {
        return;
      }
      JsonNode result = answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
      if ((status == 207 || status == 400) && result.has("errors")) {
        for (JsonNode e : result.get("errors")) {
          if (rejected++ < SHOWN_ERRORS) {
            out.println("refused: " + e);
          }
        }
        return;
      }
      throw new IllegalArgumentException("the server refused the import (" + status + "): " + answer.body());
    }
  }
}

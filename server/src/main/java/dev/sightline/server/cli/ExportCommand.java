package dev.sightline.server.cli;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URLEncoder;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sightline export}: streams {@code /api/export/traces} or {@code /api/export/generations}
 * of a running server into a file, with progress, then prints the server's counts (its trailers).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a project's traces (jsonl, otlp-json) or its generations as chat fine-tuning data",
        "(openai-chat) from a running server into a file. A read key suffices."})
final class ExportCommand implements Callable<Integer> {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LINE_ENDS = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;

  @Spec CommandSpec spec;
  @CommandLine.Mixin Remote remote;

  @Option(names = "--format", defaultValue = "jsonl",
      description = "jsonl (default), otlp-json or openai-chat.")
  String format;

  @Option(names = {"-o", "--output"}, required = true, description = "The file to write (replaced if it exists).")
  Path output;

  @Option(names = "--from", description = "Traces that started at or after this time (ISO-8601 or epoch microseconds).")
  String from;

  @Option(names = "--to", description = "Traces that started before this time.")
  String to;

  @Option(names = "--filter", paramLabel = "NAME=VALUE",
      description = "Any other trace-list filter, repeatable: --filter feature=support-chat --filter attr.region=eu.")
  Map<String, String> filters = new LinkedHashMap<>();

  @Option(names = "--score-name", description = "openai-chat: only generations whose trace or which have this score.")
  String scoreName;

  @Option(names = "--min-score", description = "openai-chat: ... with at least this value.")
  String minScore;

  @Override
  public Integer call() throws Exception {
    String path = switch (format) {
      case "jsonl", "otlp-json" -> "/api/export/traces";
      case "openai-chat" -> "/api/export/generations";
      default -> throw new IllegalArgumentException("--format: must be jsonl, otlp-json or openai-chat");
    };
    Map<String, String> params = new LinkedHashMap<>();
    params.put("format", format);
    params.put("from", from);
    params.put("to", to);
    params.putAll(filters);
    params.put("scoreName", scoreName);
    params.put("minScore", minScore);
    WebClient client = WebClient.builder(remote.url).responseTimeout(Duration.ZERO).maxResponseLength(0).build();
    SplitHttpResponse answer = client.execute(RequestHeaders.builder(HttpMethod.GET,
        path + query(params)).add("authorization", "Bearer " + remote.key("a")).build()).split();
    ResponseHeaders headers = headers(answer);
    if (headers.status().code() != 200) {
      List<HttpData> body = answer.body().collect().join();
      StringBuilder text = new StringBuilder();
      body.forEach(d -> text.append(d.toStringUtf8()));
      throw new IllegalArgumentException("the server refused the export (" + headers.status().code() + "): " + text);
    }
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(out, System.console() != null, "lines", System::nanoTime);
    long lines = 0;
    long bytes = 0;
    try (InputStream in = answer.body().toInputStream(Function.identity());
        OutputStream file = Files.newOutputStream(output)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        file.write(buffer, 0, n);
        lines += newlines(buffer, n);
        bytes += n;
        progress.update(lines, bytes, -1);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the export broke off midway (" + e.getMessage() + "); " + output
          + " is incomplete");
    }
    HttpHeaders trailers = answer.trailers().join();
    if (trailers.get("sightline-exported") == null) {
      throw new IllegalArgumentException("the export broke off midway; " + output + " is incomplete");
    }
    progress.finish(lines, bytes, -1);
    out.println("Exported " + trailers.get("sightline-exported") + " lines to " + output + "; skipped "
        + trailers.get("sightline-skipped") + (format.equals("openai-chat")
            ? " generations without a usable conversation or output." : " traces (otlp-json: traces without spans)."));
    return 0;
  }

  private ResponseHeaders headers(SplitHttpResponse answer) {
    try {
      return answer.headers().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UnprocessedRequestException) {
        throw new IllegalArgumentException("--url: no server answers at " + remote.url + "; is it running?");
      }
      throw e;
    }
  }

  /**
   * The line ends among the first {@code n} bytes, eight at a time: counted byte by byte this was
   * the CLI's largest cost after writing the file (BENCHMARKS.md, issue 13). A method of its own
   * so that the JIT compiles it on its own rather than inside {@link #call}'s loop, once, on stack
   * replacement.
   */
  static int newlines(byte[] buffer, int n) {
    int lines = 0;
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      long zeroAtLineEnds = (long) LONGS.get(buffer, i) ^ LINE_ENDS;
      // The high bit of each byte set if its low seven bits are not all zero; no carry crosses bytes.
      long lowBitsSet = (zeroAtLineEnds & LOW_SEVEN) + LOW_SEVEN;
      lines += Long.bitCount(~(lowBitsSet | zeroAtLineEnds | LOW_SEVEN));
    }
    for (; i < n; i++) {
      lines += buffer[i] == '\n' ? 1 : 0;
    }
    return lines;
  }

  /** {@code ?name=value&...} of the values present, URL-encoded. */
  static String query(Map<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((name, value) -> {
      if (value != null) {
        parts.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }
}

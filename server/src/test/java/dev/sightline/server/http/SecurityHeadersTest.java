package dev.sightline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a browser and a scanner see: the same protective headers on the UI and the API, no
 * framework banner, no cache of trace data, ambiguous credentials refused, and CORS closed unless
 * origins are configured.
 */
class SecurityHeadersTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path data;

  @Test
  void everyAnswerCarriesTheHeadersAndNoBanner() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      for (String path : List.of("/", "/traces", "/api/traces", "/api/nope", "/health", "/v1/traces")) {
        HttpResponse<String> r = send(server.uri().resolve(path), api.key(), "GET");
        assertThat(r.headers().firstValue("content-security-policy")).as(path).hasValue(SecurityHeaders.POLICY);
        assertThat(r.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
        assertThat(r.headers().firstValue("x-frame-options")).as(path).hasValue("DENY");
        assertThat(r.headers().firstValue("referrer-policy")).as(path).hasValue("no-referrer");
        assertThat(r.headers().firstValue("server")).as(path).isEmpty();
        assertThat(r.headers().firstValue("access-control-allow-origin")).as(path).isEmpty();
      }
      assertThat(send(server.uri().resolve("/api/traces"), api.key(), "GET").headers().firstValue("cache-control"))
          .hasValue("no-store");
      assertThat(SecurityHeaders.POLICY).contains("script-src 'self';", "frame-ancestors 'none'")
          .doesNotContain("unsafe-eval");
    }
  }

  @Test
  void twoAuthorizationHeadersAreABadRequest() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      for (String path : List.of("/api/traces", "/v1/traces")) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path))
            .header("Authorization", "Bearer " + api.key()).header("Authorization", "Bearer sl_someone_elses_key")
            .header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(path.startsWith("/api") ? b.GET().build()
            : b.POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(r.body()).as(path).contains("two Authorization headers");
      }
    }
  }

  @Test
  void corsIsOpenOnlyToTheConfiguredOrigins() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().corsOrigins("https://app.example.com").start()) {
      ApiClient api = server.newProject();
      for (String path : List.of("/api/traces", "/v1/traces")) {
        HttpResponse<String> allowed = preflight(server.uri().resolve(path), "https://app.example.com");
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).as(path)
            .hasValue("https://app.example.com");
        assertThat(allowed.headers().firstValue("access-control-allow-headers").orElse("")).as(path)
            .containsIgnoringCase("authorization");
        assertThat(preflight(server.uri().resolve(path), "https://evil.example.net").headers()
            .firstValue("access-control-allow-origin")).as(path).isEmpty();
      }
      HttpResponse<String> read = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/traces"))
          .header("Authorization", "Bearer " + api.key()).header("Origin", "https://app.example.com").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
    }
  }

  private HttpResponse<String> preflight(URI uri, String origin) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(URI uri, String key, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.RealServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The prompts client against the real server: get → append → end stores a generation linked to
 * the version, and the cache serves fresh copies, refreshes stale ones in the background, and
 * falls back when the server is down.
 */
class PromptsEndToEndTest {

  @Test
  void aGenerationFromAPromptIsStoredLinkedToItsVersion() throws Exception {
    try (RealServer server = RealServer.start()) {
      create(server, "{\"name\": \"support-answer\", \"type\": \"chat\", \"config\": {\"model\": \"gpt-4o\", "
          + "\"provider\": \"openai\", \"temperature\": 0.2}, \"labels\": [\"production\"], \"prompt\": ["
          + "{\"role\": \"system\", \"content\": \"You sell {{product}}.\"}, {\"role\": \"user\", \"content\": \"{{q}}\"}]}");
      Sightline s = client(server, Duration.ofMinutes(5));
      Prompt prompt = s.prompts().get("support-answer",
          PromptRequest.label("production").variables(Map.of("product", "tea", "q", "Is $5 \\ cup ok?")));
      assertThat(prompt.source()).isEqualTo(Prompt.Source.SERVER);
      assertThat(prompt.version()).isEqualTo(1);
      assertThat(prompt.messages()).containsExactly(Message.system("You sell tea."), Message.user("Is $5 \\ cup ok?"));
      assertThat(prompt.config()).containsEntry("temperature", 0.2);

      Trace trace = s.trace("support").start();
      Generation g = prompt.generation("answer").start();
      trace.append(g);
      g.end("Yes.", 12, 3, 0.001);
      trace.end();
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();

      JsonNode span = server.await("/api/traces/" + trace.traceId(), t -> t.path("spans").size() == 1)
          .path("spans").get(0);
      assertThat(span.path("type").asText()).isEqualTo("generation");
      assertThat(span.path("prompt").path("slug").asText()).isEqualTo("support-answer");
      assertThat(span.path("prompt").path("version").asText()).isEqualTo("1");
      assertThat(span.path("prompt").path("tag").asText()).isEqualTo("production");
      assertThat(span.path("variables").path("product").asText()).isEqualTo("tea");
      assertThat(span.path("model").asText()).isEqualTo("gpt-4o");
      assertThat(span.path("provider").asText()).isEqualTo("openai");
      assertThat(span.path("modelParameters").path("temperature").asDouble()).isEqualTo(0.2);
      assertThat(span.path("input").get(0).path("content").asText()).isEqualTo("You sell tea.");
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void theCacheServesFreshCopiesRefreshesStaleOnesAndFallsBackWhenTheServerIsDown() throws Exception {
    try (RealServer server = RealServer.start()) {
      create(server, "{\"name\": \"greet\", \"prompt\": \"Hi {{name}}\", \"labels\": [\"production\"]}");
      Duration ttl = Duration.ofMillis(300);
      Sightline s = client(server, ttl);
      PromptRequest ada = PromptRequest.byDefault().variable("name", "Ada");
      Prompt first = s.prompts().get("greet", ada);
      assertThat(first.source()).isEqualTo(Prompt.Source.SERVER);
      assertThat(first.text()).isEqualTo("Hi Ada");

      // A new production version: the fresh cached copy is still served, without asking the server.
      create(server, "{\"name\": \"greet\", \"prompt\": \"Hello {{name}}\", \"labels\": [\"production\"]}");
      Prompt cached = s.prompts().get("greet", ada);
      assertThat(cached.source()).isEqualTo(Prompt.Source.CACHE);
      assertThat(cached.version()).isEqualTo(1);
      assertThat(cached.problem()).isNull();

      // Once stale, the old copy is served while the new one is fetched in the background.
      Thread.sleep(ttl.toMillis() + 50);
      assertThat(s.prompts().get("greet", ada).version()).isEqualTo(1);
      Prompt refreshed = await(() -> s.prompts().get("greet", ada), p -> p.version() == 2);
      assertThat(refreshed.text()).isEqualTo("Hello Ada");
      assertThat(refreshed.source()).isEqualTo(Prompt.Source.CACHE);

      server.stop();
      Thread.sleep(ttl.toMillis() + 50);
      Prompt kept = await(() -> s.prompts().get("greet", ada), p -> p.problem() != null);
      assertThat(kept.version()).isEqualTo(2);
      assertThat(kept.source()).isEqualTo(Prompt.Source.CACHE);
      assertThat(kept.problem()).contains("cannot reach 127.0.0.1");

      Prompt fallback = s.prompts().get("farewell", PromptRequest.label("production").variable("name", "Ada")
          .fallback(List.of(Message.system("Bye {{name}}"))));
      assertThat(fallback.source()).isEqualTo(Prompt.Source.FALLBACK);
      assertThat(fallback.version()).isZero();
      assertThat(fallback.messages()).containsExactly(Message.system("Bye Ada"));
      assertThat(fallback.problem()).contains("cannot reach");
      assertThatThrownBy(() -> s.prompts().get("farewell", PromptRequest.label("production")))
          .isInstanceOf(PromptUnavailableException.class)
          .hasMessageContaining("prompt farewell is unavailable and the request has no fallback");

      server.restart();
      Thread.sleep(ttl.toMillis() + 50);
      Prompt back = await(() -> s.prompts().get("greet", ada), p -> p.problem() == null);
      assertThat(back.version()).isEqualTo(2);
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void unknownPromptsMissingVariablesAndADisabledClientAreSaidSo() throws Exception {
    try (RealServer server = RealServer.start()) {
      create(server, "{\"name\": \"greet\", \"prompt\": \"Hi {{name}}\"}");
      Sightline s = client(server, Duration.ofMinutes(1));
      assertThatThrownBy(() -> s.prompts().get("greet", PromptRequest.version(7)))
          .isInstanceOf(PromptUnavailableException.class).hasMessageContaining("prompt greet has no version 7");
      assertThatThrownBy(() -> s.prompts().get("greet"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("variables.name: prompt greet version 1");
      assertThat(s.prompts().get("greet", PromptRequest.label("latest").variable("name", Map.of("a", 1))).text())
          .isEqualTo("Hi {\"a\":1}");
      s.shutdown(Duration.ofSeconds(5));
    }
    Prompt offline = Sightline.disabled().prompts().get("greet", PromptRequest.byDefault().fallback("Hi"));
    assertThat(offline.source()).isEqualTo(Prompt.Source.FALLBACK);
    assertThat(offline.problem()).isEqualTo("no endpoint configured");
  }

  private static Sightline client(RealServer server, Duration ttl) {
    return Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey()).promptCacheTtl(ttl)
        .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
  }

  private static Prompt await(Supplier<Prompt> get, java.util.function.Predicate<Prompt> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Prompt last = get.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out; last: version " + last.version() + ", problem " + last.problem());
      }
      Thread.sleep(50);
      last = get.get();
    }
    return last;
  }

  private static void create(RealServer server, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.endpoint() + "/api/prompts"))
        .header("Authorization", "Bearer " + server.apiKey()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}

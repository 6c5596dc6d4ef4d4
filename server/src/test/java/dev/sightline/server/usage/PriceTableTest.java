package dev.sightline.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = micros("2026-12-01T00:00:00Z");
  @TempDir Path data;
  private PriceTable table;

  @BeforeEach
  void open() throws IOException {
    table = new PriceTable(ModelStore.open(data));
  }

  @Test
  void normalisesProviderAndCloudIds() {
    assertThat(ModelNames.normalize("openai/GPT-4o-mini")).isEqualTo("gpt-4o-mini");
    assertThat(ModelNames.normalize("us.anthropic.claude-sonnet-4-20250514-v1:0")).isEqualTo("claude-sonnet-4-20250514");
    assertThat(ModelNames.normalize("anthropic.claude-3-5-haiku-20241022-v1:0")).isEqualTo("claude-3-5-haiku-20241022");
    assertThat(ModelNames.normalize("claude-3-5-sonnet-v2@20241022")).isEqualTo("claude-3-5-sonnet-v2-20241022");
    assertThat(ModelNames.normalize("publishers/google/models/gemini-2.5-pro")).isEqualTo("gemini-2.5-pro");
    assertThat(ModelNames.normalize("meta.llama3-3-70b-instruct-v1:0")).isEqualTo("llama3-3-70b-instruct");
    assertThat(ModelNames.normalize("gpt-35-turbo")).isEqualTo("gpt-3.5-turbo");
  }

  @Test
  void pricesDatedProviderPrefixedAndCloudNames() {
    assertThat(id("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(id("gpt-4o-2024-08-06")).isEqualTo("gpt-4o");
    assertThat(id("gpt-4o-2024-05-13")).isEqualTo("gpt-4o-2024-05-13");
    assertThat(id("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini");
    assertThat(id("openai/gpt-4.1-nano")).isEqualTo("gpt-4.1-nano");
    assertThat(id("azure/gpt-35-turbo")).isEqualTo("gpt-3.5-turbo");
    assertThat(id("claude-sonnet-4-5-20250929")).isEqualTo("claude-sonnet-4-5");
    assertThat(id("us.anthropic.claude-sonnet-4-20250514-v1:0")).isEqualTo("claude-sonnet-4");
    assertThat(id("claude-3-5-sonnet-v2@20241022")).isEqualTo("claude-sonnet-4"); // same prices
    assertThat(id("claude-opus-4-1-20250805")).isEqualTo("claude-opus-4-1");
    assertThat(id("models/gemini-2.5-flash")).isEqualTo("gemini-2.5-flash");
    assertThat(id("gemini-2.5-flash-lite")).isEqualTo("gemini-2.5-flash-lite");
    assertThat(id("mistral-large-latest")).isEqualTo("mistral-large");
    assertThat(id("meta.llama3-3-70b-instruct-v1:0")).isEqualTo("llama-3.3-70b");
    assertThat(id("meta-llama/Llama-3.3-70B-Instruct")).isEqualTo("llama-3.3-70b");
    assertThat(table.find("p", "my-own-model")).isEmpty();
  }

  @Test
  void costsPerUsageType() {
    PricePeriod gpt4o = table.find("p", "gpt-4o").orElseThrow().at(NOW);
    assertThat(gpt4o.input()).isEqualTo(2.50);
    assertThat(gpt4o.output()).isEqualTo(10.00);
    // A million tokens in and out: $2.50 + $10.00.
    assertThat(gpt4o.cost(1_000_000, 1_000_000, 0, 0, 0).total()).isCloseTo(12.50, within(1e-9));
    // 1000 input tokens of which 400 cached: 600 x 2.50 + 400 x 1.25 per million.
    PricePeriod.Cost cached = gpt4o.cost(1000, 0, 400, 0, 0);
    assertThat(cached.input()).isCloseTo(0.0015, within(1e-12));
    assertThat(cached.cachedInput()).isCloseTo(0.0005, within(1e-12));
    // Claude: cache writes cost more than input, reads less.
    PricePeriod sonnet = table.find("p", "claude-sonnet-4-5").orElseThrow().at(NOW);
    PricePeriod.Cost c = sonnet.cost(10_000, 1000, 2000, 3000, 0);
    assertThat(c.input()).isCloseTo(5000 * 3.00e-6, within(1e-12));
    assertThat(c.cachedInput()).isCloseTo(2000 * 0.30e-6, within(1e-12));
    assertThat(c.cacheCreation()).isCloseTo(3000 * 3.75e-6, within(1e-12));
    assertThat(c.output()).isCloseTo(1000 * 15.00e-6, within(1e-12));
    // Reasoning tokens are output tokens, priced as output when the model has no price of their own.
    PricePeriod.Cost reasoning = table.find("p", "o3").orElseThrow().at(NOW).cost(0, 1000, 0, 0, 600);
    assertThat(reasoning.output() + reasoning.reasoning()).isCloseTo(1000 * 8.00e-6, within(1e-12));
  }

  @Test
  void pricesACallAtItsOwnTime() {
    ModelPrice gpt4o = table.find("p", "gpt-4o").orElseThrow();
    assertThat(gpt4o.at(micros("2024-06-01T00:00:00Z")).input()).isEqualTo(5.00);
    assertThat(gpt4o.at(micros("2024-11-01T00:00:00Z")).input()).isEqualTo(2.50);
    ModelPrice o3 = table.find("p", "o3-2025-04-16").orElseThrow();
    assertThat(o3.at(micros("2025-05-01T12:00:00Z")).output()).isEqualTo(40.00);
    assertThat(o3.at(micros("2025-06-10T00:00:00Z")).output()).isEqualTo(8.00);
    assertThat(o3.at(micros("2020-01-01T00:00:00Z")).output()).isEqualTo(40.00); // before any: the first
  }

  @Test
  void aProjectModelWinsOverTheBuiltInOne() throws IOException {
    ModelStore store = table.projects();
    store.put("p", json("{\"id\":\"gpt-4o-discounted\",\"match\":\"(openai/)?gpt-4o(-\\\\d{4}-\\\\d{2}-\\\\d{2})?\","
        + "\"prices\":[{\"from\":\"2024-01-01\",\"input\":2.0,\"output\":8.0}]}"));
    assertThat(id("p", "gpt-4o-2024-08-06")).isEqualTo("gpt-4o-discounted");
    assertThat(id("other", "gpt-4o-2024-08-06")).isEqualTo("gpt-4o");
    // A model of its own, and the match defaults to the id itself.
    store.put("p", json("{\"id\":\"acme-llm\",\"prices\":[{\"from\":\"2025-01-01\",\"input\":1,\"output\":2}]}"));
    assertThat(id("p", "ACME-LLM")).isEqualTo("acme-llm");
    // Kept across a restart.
    PriceTable reopened = new PriceTable(ModelStore.open(data));
    assertThat(reopened.find("p", "gpt-4o").orElseThrow().id()).isEqualTo("gpt-4o-discounted");
    assertThat(store.delete("p", "gpt-4o-discounted")).isTrue();
    assertThat(id("p", "gpt-4o")).isEqualTo("gpt-4o");
    assertThat(store.delete("p", "gpt-4o-discounted")).isFalse();
  }

  @Test
  void badModelsAreRefusedNamingTheField() {
    ModelStore store = table.projects();
    assertThatThrownBy(() -> store.put("p", json("{\"prices\":[]}"))).hasMessage("id: required");
    assertThatThrownBy(() -> store.put("p", json("{\"id\":\"x\",\"match\":\"(\",\"prices\":[{\"from\":\"2025-01-01\",\"input\":1}]}")))
        .hasMessageStartingWith("match: not a regular expression");
    assertThatThrownBy(() -> store.put("p", json("{\"id\":\"x\",\"prices\":[{\"from\":\"2025-01-01\",\"input\":-1}]}")))
        .hasMessageStartingWith("prices[0].input: must be a number from 0");
    assertThatThrownBy(() -> store.put("p", json("{\"id\":\"x\",\"prices\":[{\"from\":\"Jan 1\",\"input\":1}]}")))
        .hasMessage("prices[0].from: must be a date like 2024-10-02");
    assertThatThrownBy(() -> store.put("p", json("{\"id\":\"x\",\"prices\":[{\"from\":\"2025-01-01\"}]}")))
        .hasMessage("prices[0].input: a price needs an input or an output price");
    assertThatThrownBy(() -> store.put("p", json("{\"id\":\"x\",\"prices\":[{\"from\":\"2025-02-01\",\"input\":1},"
        + "{\"from\":\"2025-01-01\",\"input\":1}]}"))).hasMessage("prices[1].from: must be after the previous price's");
    assertThatThrownBy(() -> store.put("p", json("{\"id\":\"x\",\"cost\":1,\"prices\":[]}")))
        .hasMessageStartingWith("cost: unknown field");
    assertThat(store.of("p")).isEmpty();
  }

  @Test
  void aBrokenModelsFileStopsTheStartNamingTheModel() throws IOException {
    Files.writeString(data.resolve("models.json"), "{\"projects\":{\"p\":[{\"id\":\"x\",\"prices\":[]}]}}");
    assertThatThrownBy(() -> ModelStore.open(data))
        .hasMessage("models.json: project p, model 0: prices: must be an array of 1 to 100 prices");
  }

  private String id(String model) {
    return id("p", model);
  }

  private String id(String project, String model) {
    return table.find(project, model).map(ModelPrice::id).orElse(null);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static long micros(String iso) {
    return Instant.parse(iso).toEpochMilli() * 1000;
  }
}

package dev.sightline.server.testing;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import java.time.Duration;
import java.util.List;

/** Reads an export endpoint with its trailers, which {@code java.net.http} does not show. */
public final class Exports {
  private Exports() {}

  /** The whole answer: status, body lines, and the {@code sightline-*} trailers (null if absent). */
  public record Answer(int status, String text, String exported, String skipped) {
    public List<String> lines() {
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
  }

  public static Answer get(ApiClient api, String pathAndQuery) {
    AggregatedHttpResponse r = WebClient.builder(api.base()).responseTimeout(Duration.ofSeconds(60)).build()
        .execute(RequestHeaders.builder(HttpMethod.GET, pathAndQuery)
            .add("authorization", "Bearer " + api.key()).build())
        .aggregate().join();
    return new Answer(r.status().code(), r.contentUtf8(), r.trailers().get("sightline-exported"),
        r.trailers().get("sightline-skipped"));
  }
}

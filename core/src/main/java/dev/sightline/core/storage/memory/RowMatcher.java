package dev.sightline.core.storage.memory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Evaluates a {@link Filter} on rows held in memory, per the definitions of {@link Filter}: the
 * reference for every backend, and what the server uses to match one row as it is stored
 * ({@link #of}). Thread-safe if its functions are.
 */
public final class RowMatcher {
  private static final JsonFactory JSON = new JsonFactory();

  private final Filter f;
  private final Function<Row, Row> traceOfSpan;
  private final Function<Row, List<String>> spanTextsOfTrace;
  private final Function<Row, Double> scoreOf;
  private final Set<String> words;

  /**
   * @param scoreOf the {@linkplain Filter#scoreName mean score} of the filter's score name of a row
   *     of the kind matched (trace or span), or null if it has none; unused without a score name
   */
  RowMatcher(Filter f, Function<Row, Row> traceOfSpan, Function<Row, List<String>> spanTextsOfTrace,
      Function<Row, Double> scoreOf) {
    this.f = f;
    this.traceOfSpan = traceOfSpan;
    this.spanTextsOfTrace = spanTextsOfTrace;
    this.scoreOf = scoreOf;
    this.words = f.q() == null ? Set.of() : QuerySemantics.words(f.q());
  }

  /**
   * A matcher of a filter that needs nothing but the rows themselves: no full-text {@code q} and
   * no {@code scoreName}.
   *
   * @param traceOfSpan a span's trace row, or null if it is not at hand (then a span meets no
   *     condition about its trace)
   * @throws IllegalArgumentException if the filter has {@code q} or {@code scoreName}
   */
  public static RowMatcher of(Filter f, Function<Row, Row> traceOfSpan) {
    if (f.q() != null || f.scoreName() != null) {
      throw new IllegalArgumentException("q and scoreName need more than the row itself");
    }
    return new RowMatcher(f, traceOfSpan, t -> List.of(), r -> null);
  }

  /** The value a listing sorts the row on: {@link QuerySemantics#sortValue}, or its mean score. */
  double sortValue(Row r, Sort sort) {
    if (sort != Sort.SCORE) {
      return QuerySemantics.sortValue(r, sort);
    }
    Double score = scoreOf.apply(r);
    return score == null ? 0 : score;
  }

  /** Whether a trace row meets every condition; time bounds are on its start. */
  public boolean matchesTrace(Row t) {
    return traceLevel(t) && ownFields(t)
        && (f.model() == null || contains(t.list(Schema.MODELS), f.model()))
        && (words.isEmpty() || textMatches(t, spanTextsOfTrace.apply(t)));
  }

  /** Whether a span row meets every condition. */
  public boolean matchesSpan(Row s) {
    Row trace = traceOfSpan.apply(s);
    return (trace == null ? noTraceLevelCondition() : traceLevel(trace)) && ownFields(s)
        && eq(f.model(), s.string(Schema.MODEL))
        && (words.isEmpty() || textMatches(s, List.of()));
  }

  static boolean inRange(Long value, Long from, Long to) {
    return (from == null || (value != null && value >= from)) && (to == null || (value != null && value < to));
  }

  private boolean traceLevel(Row t) {
    return eq(f.feature(), t.string(Schema.FEATURE))
        && eq(f.sessionId(), t.string(Schema.SESSION_ID))
        && eq(f.userId(), t.string(Schema.USER_ID))
        && eq(f.organizationId(), t.string(Schema.ORGANIZATION_ID))
        && eq(f.environment(), t.string(Schema.ENVIRONMENT))
        && eq(f.release(), t.string(Schema.RELEASE));
  }

  private boolean noTraceLevelCondition() {
    return f.feature() == null && f.sessionId() == null && f.userId() == null
        && f.organizationId() == null && f.environment() == null && f.release() == null;
  }

  private boolean ownFields(Row r) {
    Long duration = QuerySemantics.duration(r);
    Double cost = r.doubleValue(Schema.COST);
    return inRange(QuerySemantics.start(r), f.from(), f.to())
        && eq(f.name(), r.string(Schema.NAME))
        && eq(f.status(), r.string(Schema.STATUS))
        && eq(f.referenceId(), r.string(Schema.REFERENCE_ID))
        && (f.tag() == null || contains(r.list(Schema.TAGS), f.tag()))
        && jsonMatches(r.string(Schema.ATTRIBUTES), f.attributes())
        && jsonMatches(r.string(Schema.METADATA), f.metadata())
        && (f.minDuration() == null || (duration != null && duration >= f.minDuration()))
        && (f.maxDuration() == null || (duration != null && duration <= f.maxDuration()))
        && (f.minCost() == null || (cost != null && cost >= f.minCost()))
        && (f.hasError() == null || f.hasError() == QuerySemantics.isError(r))
        && scoreMatches(r);
  }

  private boolean scoreMatches(Row r) {
    if (f.scoreName() == null) {
      return true;
    }
    Double score = scoreOf.apply(r);
    return score != null && (f.minScore() == null || score >= f.minScore())
        && (f.maxScore() == null || score <= f.maxScore());
  }

  private boolean textMatches(Row r, List<String> moreJson) {
    List<String> jsons = new ArrayList<>(moreJson);
    jsons.add(r.string(Schema.INPUT));
    jsons.add(r.string(Schema.OUTPUT));
    return QuerySemantics.jsonWords(jsons.toArray(String[]::new)).containsAll(words);
  }

  /**
   * Whether the JSON object has every wanted top-level key with a scalar value whose text equals the
   * wanted text ({@link #scalarFields}).
   */
  private static boolean jsonMatches(String json, Map<String, String> wanted) {
    return wanted.isEmpty() || scalarFields(json).entrySet().containsAll(wanted.entrySet());
  }

  /**
   * The top-level keys of a JSON object whose values are scalars, with their texts: strings decoded,
   * numbers and booleans as written; nulls, objects and arrays left out, a repeated key's last scalar
   * kept. What {@link Filter#attributes} and {@link Filter#metadata} compare, for backends that
   * store them apart. Empty for null, a non-object or invalid JSON.
   */
  public static Map<String, String> scalarFields(String json) {
    Map<String, String> scalars = new HashMap<>();
    if (json == null) {
      return scalars;
    }
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return scalars;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          scalars.put(key, p.getText());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return new HashMap<>();
    }
    return scalars;
  }

  private static boolean contains(List<String> list, String value) {
    return list != null && list.contains(value);
  }

  private static boolean eq(String wanted, String actual) {
    return wanted == null || wanted.equals(actual);
  }
}

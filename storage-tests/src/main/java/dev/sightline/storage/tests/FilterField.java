package dev.sightline.storage.tests;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A {@link Filter} field that holds when a text column equals the wanted value, with two realistic
 * values to tell rows apart.
 *
 * @param column the column compared
 * @param condition sets the field on a filter builder
 * @param value a value the test gives the rows that should match
 * @param otherValue a value the test gives rows that should not
 */
public record FilterField(Column column, BiFunction<Filter.Builder, String, Filter.Builder> condition,
    String value, String otherValue) {

  /** Fields that a span query evaluates on the span's trace. */
  public static final List<FilterField> TRACE_LEVEL = List.of(
      new FilterField(Schema.FEATURE, Filter.Builder::feature, "support-chat", "checkout-assistant"),
      new FilterField(Schema.SESSION_ID, Filter.Builder::sessionId, "sess-5b2e", "sess-91c0"),
      new FilterField(Schema.USER_ID, Filter.Builder::userId, "user-17", "user-18"),
      new FilterField(Schema.ORGANIZATION_ID, Filter.Builder::organizationId, "org-acme", "org-initech"),
      new FilterField(Schema.ENVIRONMENT, Filter.Builder::environment, "production", "staging"),
      new FilterField(Schema.RELEASE, Filter.Builder::release, "2024.06.1", "2024.06.2"));

  /** Text fields that traces and spans both have, each evaluated on the row itself. */
  public static final List<FilterField> OWN = List.of(
      new FilterField(Schema.NAME, Filter.Builder::name, "answer ticket", "summarize ticket"),
      new FilterField(Schema.STATUS, Filter.Builder::status, "aborted", "cancelled"),
      new FilterField(Schema.REFERENCE_ID, Filter.Builder::referenceId, "order-7781", "order-7782"));

  /** A filter with only this field, wanting {@code wanted}. */
  public Filter wanting(String wanted) {
    return condition.apply(Filter.builder(), wanted).build();
  }
}

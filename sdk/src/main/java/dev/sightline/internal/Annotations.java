package dev.sightline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a trace or span is annotated with besides its own fields: metadata, flat attributes, tags
 * and requested evaluators, with the merge rules both follow (metadata and attributes merge key by
 * key, tags replace, evaluators accumulate without repeats). Made on first use, so a trace or span
 * that sets none of it carries no such object.
 *
 * <p>Not thread-safe: the holder guards it (a span with its state lock, a trace with its monitor)
 * and the exporter reads it once the holder has handed it over. Nothing here runs the caller's
 * code, so it may run inside a span's lock: what comes from the caller (maps, {@link Changes}) is
 * copied or flattened beforehand, outside the lock.
 */
class Annotations {
  /** Merged key by key; null until the first entry. */
  Map<String, Object> metadata;
  /**
   * Alternating keys and values (see {@link Attributes}). A span keeps here only those that its
   * creating thread did not record lock-free (see {@link SpanState#putAttribute}).
   */
  Object[] attributes;
  /** Replaced whole; null if never set. */
  List<String> tags;
  /** Slugs in the order requested, without repeats; null if none. */
  List<String> evaluators;

  /** Whether {@code slug} can name an evaluator; a blank one is counted and logged. */
  static boolean isEvaluator(String slug, Problems problems) {
    if (slug == null || slug.isBlank()) {
      problems.ignored("blank evaluator slug ignored");
      return false;
    }
    return true;
  }

  /** Whether {@code key} can name a metadata entry or attribute; a null one is counted and logged as {@code kind}. */
  static boolean isKey(String key, Problems problems, String kind) {
    if (key == null) {
      problems.ignored(kind);
      return false;
    }
    return true;
  }

  /**
   * A copy of the metadata given to {@code setMetadata}, made outside any lock; null, counted and
   * logged, if {@code entries} is null or cannot be read.
   */
  static Map<String, Object> copyMetadata(Map<String, ?> entries, Problems problems) {
    if (entries == null) {
      problems.ignored("setMetadata(null) ignored");
      return null;
    }
    return Maps.copy(entries, problems, "could not read metadata map");
  }

  final void putMetadata(String key, Object value) {
    metadata = Maps.put(metadata, key, value);
  }

  /** Merges metadata copied by {@link Maps#copy}. */
  final void mergeMetadata(Map<String, Object> copy) {
    metadata = Maps.mergeCopy(metadata, copy);
  }

  final void putAttribute(String key, Object value) {
    attributes = Attributes.put(attributes, key, value);
  }

  /** Requests an evaluator checked by {@link #isEvaluator}; a repeated request changes nothing. */
  final void addEvaluator(String slug) {
    if (evaluators == null) {
      evaluators = new ArrayList<>(2);
    }
    if (!evaluators.contains(slug)) {
      evaluators.add(slug);
    }
  }

  /** Merges an update's metadata, attributes and tags; its name and status are the holder's. */
  final void merge(Changes changes) {
    if (changes.metadata() != null) {
      metadata = Maps.mergeCopy(metadata, changes.metadata());
    }
    attributes = Attributes.putAll(attributes, changes.attributes());
    if (changes.tags() != null) {
      tags = changes.tags();
    }
  }
}

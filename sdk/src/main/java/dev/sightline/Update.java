package dev.sightline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several changes applied at once to a trace or span by {@code update(...)}, with the merge rules
 * of the server: metadata and attributes merge key by key, tags replace the previous tags, name
 * and status are set. Fields left unset change nothing.
 *
 * <p>A mutable builder, not thread-safe; build it on one thread and hand it to {@code update},
 * which copies what it needs.
 */
public final class Update {
  private String name;
  private Status status;
  private final Map<String, Object> metadata = new LinkedHashMap<>();
  private final Map<String, Object> attributes = new LinkedHashMap<>();
  private List<String> tags;

  private Update() {}

  /** An empty update. */
  public static Update create() {
    return new Update();
  }

  /** Sets the name; null leaves it unchanged. */
  public Update name(String name) {
    this.name = name;
    return this;
  }

  /** Sets the status; null leaves it unchanged. */
  public Update status(Status status) {
    this.status = status;
    return this;
  }

  /** Adds metadata entries (any JSON-writable values); null adds nothing. */
  public Update metadata(Map<String, ?> entries) {
    if (entries != null) {
      metadata.putAll(entries);
    }
    return this;
  }

  /** Adds one metadata entry. */
  public Update metadata(String key, Object value) {
    metadata.put(key, value);
    return this;
  }

  /**
   * Adds attributes: flat values (string, number, boolean); any other value is recorded as its
   * {@code toString()}. Null adds nothing.
   */
  public Update attributes(Map<String, ?> entries) {
    if (entries != null) {
      attributes.putAll(entries);
    }
    return this;
  }

  /** Adds one attribute. */
  public Update attribute(String key, Object value) {
    attributes.put(key, value);
    return this;
  }

  /** Replaces the tags; null leaves them unchanged. */
  public Update tags(Collection<String> tags) {
    this.tags = tags == null ? null : new ArrayList<>(tags);
    return this;
  }

  /** Replaces the tags. */
  public Update tags(String... tags) {
    return tags(tags == null ? null : List.of(tags));
  }

  /** The new name, or null. */
  public String name() {
    return name;
  }

  /** The new status, or null. */
  public Status status() {
    return status;
  }

  /** Metadata entries to merge; never null, possibly empty. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** Attributes to merge; never null, possibly empty. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The replacement tags, or null to keep them. */
  public List<String> tags() {
    return tags;
  }
}

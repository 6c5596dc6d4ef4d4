package dev.sightline.internal;

import dev.sightline.Organization;
import dev.sightline.Scope;
import dev.sightline.Status;
import dev.sightline.Trace;
import dev.sightline.Update;
import dev.sightline.User;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A started trace as the application sees it: the {@link Trace} methods that read and change it.
 * Each change holds the trace's monitor (see {@link TraceState}); changes after the end are
 * ignored.
 */
abstract class TraceHandle extends TraceState implements Trace, Handle {

  TraceHandle(Recorder recorder, String feature, boolean sample) {
    super(recorder, feature, sample);
  }

  @Override
  public String feature() {
    return feature;
  }

  @Override
  public boolean isRecorded() {
    return recorded;
  }

  @Override
  public synchronized Trace identify(User user, Organization organization) {
    if (!isEnded()) {
      this.user = user != null ? user : this.user;
      this.organization = organization != null ? organization : this.organization;
    }
    return this;
  }

  @Override
  public synchronized Trace setName(String name) {
    if (!isEnded() && name != null) {
      this.name = name;
    }
    return this;
  }

  @Override
  public synchronized Trace setInput(Object input) {
    if (!isEnded()) {
      this.input = input;
      this.inputDirty = true;
    }
    return this;
  }

  @Override
  public synchronized Trace setOutput(Object output) {
    if (!isEnded()) {
      this.output = output;
    }
    return this;
  }

  @Override
  public Trace setMetadata(Map<String, ?> entries) {
    if (entries == null) {
      recorder.problems.ignored("setMetadata(null) ignored");
      return this;
    }
    Map<String, Object> copy = Maps.copy(entries, recorder.problems, "could not read metadata map");
    return copy == null ? this : update(Update.create().metadata(copy));
  }

  @Override
  public synchronized Trace setMetadata(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("metadata key null ignored");
    } else if (!isEnded()) {
      annotations().putMetadata(key, value);
    }
    return this;
  }

  @Override
  public Trace setAttribute(String key, String value) {
    return putAttribute(key, value);
  }

  @Override
  public Trace setAttribute(String key, long value) {
    return putAttribute(key, value);
  }

  @Override
  public Trace setAttribute(String key, double value) {
    return putAttribute(key, value);
  }

  @Override
  public Trace setAttribute(String key, boolean value) {
    return putAttribute(key, value);
  }

  /** Sets an attribute; a null key is counted and logged. */
  final Trace putAttribute(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("attribute key null ignored");
      return this;
    }
    synchronized (this) {
      if (!isEnded()) {
        annotations().putAttribute(key, value);
      }
    }
    return this;
  }

  @Override
  public Trace setTags(Collection<String> tags) {
    List<String> copy;
    try {
      copy = Maps.tags(tags);
    } catch (RuntimeException e) {
      recorder.problems.report("could not read tags", e);
      return this;
    }
    return update(Update.create().tags(copy));
  }

  @Override
  public Trace setStatus(Status status) {
    return setStatus(status, null);
  }

  @Override
  public synchronized Trace setStatus(Status status, String message) {
    if (!isEnded() && status != null) {
      this.status = status;
      this.statusMessage = message;
    }
    return this;
  }

  @Override
  public synchronized Trace setSessionId(String sessionId) {
    if (!isEnded()) {
      this.sessionId = sessionId;
    }
    return this;
  }

  @Override
  public synchronized Trace setConversationId(String conversationId) {
    if (!isEnded()) {
      this.conversationId = conversationId;
    }
    return this;
  }

  @Override
  public Trace update(Update update) {
    Changes changes = Changes.of(update, recorder.problems);
    if (changes == null) {
      return this;
    }
    synchronized (this) {
      if (!isEnded()) {
        if (changes.name() != null) {
          name = changes.name();
        }
        if (changes.status() != null) {
          status = changes.status();
        }
        if (changes.annotates()) {
          annotations().merge(changes);
        }
      }
    }
    return this;
  }

  @Override
  public synchronized Trace addEvaluator(String slug) {
    if (Annotations.isEvaluator(slug, recorder.problems) && !isEnded()) {
      annotations().addEvaluator(slug);
    }
    return this;
  }

  @Override
  public Trace fail(Throwable error) {
    if (error != null) {
      setStatus(Status.FAILURE, error.getClass().getName() + ": " + Errors.message(error));
    }
    return this;
  }

  @Override
  public Scope makeCurrent() {
    return ContextStore.attach(this);
  }

  @Override
  public String end() {
    return endWith(null, Output.KEEP);
  }

  @Override
  public String end(Object output) {
    return endWith(output, Output.SET);
  }

  @Override
  public void endWithResult(Object result) {
    endWith(result, Output.DEFAULT);
  }

  @Override
  public void close() {
    end();
  }
}

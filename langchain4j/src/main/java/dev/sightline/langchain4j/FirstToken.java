package dev.sightline.langchain4j;

import dev.sightline.Generation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The meeting point of one streaming request's handler, which sees the first token, and the
 * listeners, which own the generations: {@link SightlineStreamingChatModel} puts it into the
 * request's listener attributes under {@link #KEY}, each {@link SightlineChatModelListener}
 * attaches its generation, and the first partial response marks them all. Thread-safe: the
 * tokens arrive on the model's thread, the request started on the caller's.
 */
final class FirstToken {
  /** The key in LangChain4j's listener attributes. */
  static final Object KEY = FirstToken.class;

  private final List<Generation> generations = new CopyOnWriteArrayList<>();
  private volatile boolean seen;

  void attach(Generation generation) {
    generations.add(generation);
    if (seen) {
      generation.markCompletionStart();
    }
  }

  /** Called for every partial output; only the first one marks the generations. */
  void tokenArrived() {
    if (!seen) {
      seen = true;
      Recordings.guarded("the first token", () -> generations.forEach(Generation::markCompletionStart));
    }
  }
}

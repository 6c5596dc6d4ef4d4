package dev.sightline.examples;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Message;
import dev.sightline.PromptRef;
import dev.sightline.Sightline;
import dev.sightline.Span;
import dev.sightline.Status;
import dev.sightline.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The RAG pipeline of the reference documents: embed the question, search a vector index, generate
 * the answer from the documents found. Run it with {@code SIGHTLINE_ENDPOINT} and
 * {@code SIGHTLINE_API_KEY} set.
 */
public final class RagPipeline {
  static final String FEATURE = "rag-qa";
  private static final List<String> DOCUMENTS = List.of(
      "A trace is the record of one request through an application.",
      "A span is one step of a trace, such as a model call or a database query.",
      "Sampling keeps a share of traces to bound the cost of tracing.",
      "Feedback from users is stored as a score on the trace.");

  private final Sightline sightline;
  private final FakeModel model = new FakeModel();
  private final List<float[]> index = new ArrayList<>();

  public RagPipeline(Sightline sightline) {
    this.sightline = sightline;
    DOCUMENTS.forEach(d -> index.add(model.embed(d)));
  }

  /** Answers a question; returns the trace id. */
  public String answer(String sessionId, String question) {
    try (Trace trace = sightline.trace(FEATURE).name("RAG Question Answering").sessionId(sessionId)
        .input(question).tags("rag", "qa").attribute("questionLength", question.length()).start()) {
      String answer = trace.span("rag-pipeline").tags("pipeline").call(rag -> {
        float[] query = rag.embedding("generate-query-embedding").input(question)
            .call(span -> model.embed(question));
        List<String> docs = search(rag, query);
        return generate(rag, question, docs);
      });
      trace.setOutput(answer).setStatus(Status.SUCCESS);
      trace.feedback(Feedback.of("THUMBS_UP").withValue(1));
      return trace.traceId();
    }
  }

  private List<String> search(Span rag, float[] query) {
    try (Span search = rag.retrieval("vector-search").input(Map.of("topK", 2)).tags("vector-db")
        .evaluator("context-relevance").start()) {
      List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
      order.sort(Comparator.comparingDouble(i -> -cosine(query, index.get(i))));
      List<String> found = List.of(DOCUMENTS.get(order.get(0)), DOCUMENTS.get(order.get(1)));
      search.setAttribute("documentsFound", found.size()).setOutput(Map.of("documentIds", order.subList(0, 2)));
      return found;
    }
  }

  private String generate(Span rag, String question, List<String> docs) {
    String context = String.join("\n", docs);
    Generation g = rag.generation("generate-answer").provider(FakeModel.PROVIDER).model(FakeModel.MODEL)
        .prompt(PromptRef.of("rag-answer")).variables(Map.of("question", question))
        .messages(List.of(Message.system("Answer from the context only.\n" + context), Message.user(question)))
        .runEvaluation(true).evaluator("faithfulness").start();
    FakeModel.Completion c = model.complete("answer", context);
    g.end(c.text(), c.inputTokens(), c.outputTokens(), c.cost());
    return c.text();
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb + 1e-12);
  }

  public static void main(String[] args) {
    try (Sightline sightline = Sightline.fromEnvironment()) {
      RagPipeline rag = new RagPipeline(sightline);
      String traceId = rag.answer("session-" + System.currentTimeMillis(), "What is a span?");
      Examples.report(sightline, FEATURE, traceId);
    }
  }
}

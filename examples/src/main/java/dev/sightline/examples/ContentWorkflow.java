package dev.sightline.examples;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Organization;
import dev.sightline.PromptRef;
import dev.sightline.Sightline;
import dev.sightline.SightlineContext;
import dev.sightline.Span;
import dev.sightline.Trace;
import dev.sightline.Update;
import dev.sightline.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The content-processing workflow of the reference documents: analysis (a detached prompt
 * generation appended to its step), enhancement and translation in parallel on an executor,
 * summarization with tokens and cost, and the error path. Run it with {@code SIGHTLINE_ENDPOINT}
 * and {@code SIGHTLINE_API_KEY} set; without them it runs and records nothing.
 */
public final class ContentWorkflow implements AutoCloseable {
  static final String FEATURE = "content-workflow";

  private final Sightline sightline;
  private final FakeModel model = new FakeModel();
  /** Tasks submitted here run in the submitter's trace context, so they nest where they belong. */
  private final ExecutorService pool = SightlineContext.wrap(Executors.newFixedThreadPool(2));

  public ContentWorkflow(Sightline sightline) {
    this.sightline = sightline;
  }

  /** What one run produced, and the id of its trace. */
  public record Result(String traceId, String referenceId, String summary) {}

  /**
   * Processes a piece of content for a user.
   *
   * @param failTranslation makes the translation step throw, to show the error path
   * @throws IllegalStateException from the failing step, after it was recorded
   */
  public Result process(String content, boolean failTranslation) {
    Trace trace = sightline.trace(FEATURE).name("Content Processing Workflow").input(content)
        .user(new User("user-123", "Ada Lovelace", "ada@example.com"))
        .organization(new Organization("org-456", "Analytical Engines"))
        .metadata(Map.of("contentType", "article", "contentLength", content.length()))
        .evaluator("hallucination").evaluationSampleRate(0.5)
        .start();
    try {
      String topics = analyse(trace, content);
      Span parallel = trace.span("parallel-processing").input(content)
          .metadata("operations", List.of("enhancement", "translation")).start();
      String enhanced;
      try (var scope = parallel.makeCurrent()) {
        CompletableFuture<String> enhancement = CompletableFuture.supplyAsync(() -> enhance(content), pool);
        CompletableFuture<String> translation =
            CompletableFuture.supplyAsync(() -> translate(content, failTranslation), pool);
        enhanced = enhancement.join();
        translation.join();
      } catch (CompletionException e) {
        parallel.fail(e.getCause());
        throw e.getCause() instanceof RuntimeException r ? r : e;
      } finally {
        parallel.end();
      }
      String summary = summarize(trace, content, enhanced);
      trace.update(Update.create().metadata(Map.of("processingSteps", 3, "mainTopic", topics.split(",")[0])));
      trace.feedback(Feedback.of("THUMBS_UP", "summary was useful"));
      return new Result(trace.traceId(), trace.end(summary), summary);
    } catch (RuntimeException e) {
      trace.fail(e).setMetadata("failedStep", "parallel-processing");
      trace.end("Error: " + e.getMessage());
      throw e;
    }
  }

  /** Step 1: a prompt generation made ahead of time (detached), appended to the analysis step. */
  private String analyse(Trace trace, String content) {
    Generation topicGeneration = sightline.generation("topic-extraction")
        .prompt(PromptRef.of("topic-extractor").withVersion("1.0.0").withTag("production"))
        .variable("content", content).provider(FakeModel.PROVIDER).model(FakeModel.MODEL).input(content)
        .start();
    Span analysis = trace.span("content-analysis").input(content).start();
    analysis.append(topicGeneration);
    FakeModel.Completion topics = model.complete("topics", content);
    topicGeneration.end(topics.text());
    analysis.setMetadata(Map.of("topicsIdentified", topics.text().split(",").length));
    analysis.end("Identified topics: " + topics.text());
    return topics.text();
  }

  /** Runs on a pool thread; finds its parent through the context. */
  private String enhance(String content) {
    return SightlineContext.current().span("content-enhancement").input(content).call(step ->
        step.generation("enhance-text").prompt(PromptRef.of("content-enhancer"))
            .provider(FakeModel.PROVIDER).model(FakeModel.MODEL).input(content)
            .call(g -> model.complete("enhance", content).text()));
  }

  private String translate(String content, boolean fail) {
    return SightlineContext.current().span("content-translation").input(content).call(step ->
        step.generation("translate-text").prompt(PromptRef.of("translator"))
            .variable("targetLanguage", "Spanish").provider(FakeModel.PROVIDER).model(FakeModel.MODEL)
            .input(content).call(g -> {
              if (fail) {
                throw new IllegalStateException("translation service unavailable");
              }
              return model.complete("translate", content).text();
            }));
  }

  private String summarize(Trace trace, String content, String enhanced) {
    Generation g = trace.generation("content-summarization").prompt(PromptRef.of("summarizer"))
        .provider(FakeModel.PROVIDER).model(FakeModel.MODEL).modelParameter("temperature", 0.2)
        .variables(Map.of("length", "short", "style", "professional")).input(enhanced)
        .metadata(Map.of("originalContentLength", content.length(), "enhancedContentLength", enhanced.length()))
        .start();
    FakeModel.Completion c = model.complete("summarize", enhanced);
    g.end(c.text(), c.inputTokens(), c.outputTokens(), c.cost());
    return c.text();
  }

  @Override
  public void close() {
    pool.shutdown();
  }

  public static void main(String[] args) {
    try (Sightline sightline = Sightline.fromEnvironment(); ContentWorkflow workflow = new ContentWorkflow(sightline)) {
      String article = "Tracing shows what an LLM application did. Each step is a span in a tree.";
      Result ok = workflow.process(article, false);
      System.out.println("summary: " + ok.summary());
      System.out.println("trace " + ok.traceId() + " (reference " + ok.referenceId() + ")");
      try {
        workflow.process(article, true);
      } catch (IllegalStateException e) {
        System.out.println("the error path was recorded too: " + e.getMessage());
      }
      Examples.report(sightline, FEATURE, ok.traceId());
    }
  }
}

package dev.sightline.spring.example;

import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring AI application that knows nothing of Sightline: it asks Spring AI's OpenAI chat model
 * (through a {@link ChatClient} with one tool) when the first train to Lyon leaves. The Sightline
 * starter on its class path and {@code sightline.endpoint} / {@code sightline.api-key} make every
 * call a trace: the chat client, its advisors, both model calls (generations) and the tool call.
 *
 * <p>{@link #main} starts a {@link FakeOpenAi} endpoint on loopback first and points Spring AI at
 * it, so the example needs no network and no OpenAI key.
 */
@SpringBootApplication
public class SpringAiExample {
  static final String SYSTEM = "You answer questions about train times in one sentence.";
  static final String QUESTION = "When does the first train leave for Lyon?";

  /** Runs the application against a fake OpenAI endpoint, asks once, and exits. */
  public static void main(String[] args) throws Exception {
    try (FakeOpenAi openAi = FakeOpenAi.start(); ConfigurableApplicationContext context = run(openAi, args)) {
      System.out.println(context.getBean(Question.class).answer());
    }
  }

  /** Starts the application with Spring AI pointed at {@code openAi}; arguments override properties. */
  static ConfigurableApplicationContext run(FakeOpenAi openAi, String... args) {
    SpringApplication application = new SpringApplication(SpringAiExample.class);
    application.setDefaultProperties(Map.of("spring.ai.openai.base-url", openAi.baseUrl()));
    return application.run(args);
  }

  @Bean
  Question question(ChatClient.Builder chatClient) {
    return new Question(chatClient.build());
  }

  /** Asks the question through the chat client, with the timetable tool. Thread-safe. */
  public record Question(ChatClient chatClient) {
    public String answer() {
      return chatClient.prompt().system(SYSTEM).user(QUESTION).tools(new TrainTimes()).call().content();
    }
  }
}

package dev.sightline.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LangChain4j's chat types as the JSON a generation records: messages in the OpenAI chat shape
 * ({@code role}, {@code content}, {@code tool_calls}, {@code tool_call_id}) that the server's
 * token counter and the web UI read, and model parameters under the names OTLP's
 * {@code gen_ai.request.*} mapping uses. Stateless.
 */
final class ChatMapping {

  /** The provider as the server's model price table names it; null for none. */
  static String provider(ModelProvider provider) {
    if (provider == null) {
      return null;
    }
    return switch (provider) {
      case OPEN_AI -> "openai";
      case AZURE_OPEN_AI, MICROSOFT_FOUNDRY -> "azure";
      case GOOGLE_AI_GEMINI, GOOGLE_GENAI, GOOGLE_VERTEX_AI_GEMINI -> "google";
      case GOOGLE_VERTEX_AI_ANTHROPIC -> "anthropic";
      case AMAZON_BEDROCK -> "bedrock";
      case MISTRAL_AI -> "mistral";
      default -> provider.name().toLowerCase(Locale.ROOT);
    };
  }

  static List<Map<String, Object>> messages(List<ChatMessage> messages) {
    List<Map<String, Object>> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      out.add(message(m));
    }
    return out;
  }

  static Map<String, Object> message(ChatMessage message) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (message instanceof SystemMessage m) {
      out.put("role", "system");
      out.put("content", m.text());
    } else if (message instanceof UserMessage m) {
      out.put("role", "user");
      putIfNotNull(out, "name", m.name());
      out.put("content", m.hasSingleText() ? m.singleText() : contents(m.contents()));
    } else if (message instanceof AiMessage m) {
      out.put("role", "assistant");
      out.put("content", m.text());
      putIfNotNull(out, "thinking", m.thinking());
      if (m.hasToolExecutionRequests()) {
        out.put("tool_calls", toolCalls(m.toolExecutionRequests()));
      }
    } else if (message instanceof ToolExecutionResultMessage m) {
      out.put("role", "tool");
      putIfNotNull(out, "tool_call_id", m.id());
      putIfNotNull(out, "name", m.toolName());
      out.put("content", m.text());
    } else if (message instanceof CustomMessage m) {
      out.put("role", "custom");
      out.put("content", m.attributes());
    } else {
      out.put("role", String.valueOf(message.type()).toLowerCase(Locale.ROOT));
      out.put("content", String.valueOf(message));
    }
    return out;
  }

  /** Multi-part user content: text parts as text, other parts (images, audio ...) by their type only. */
  private static List<Map<String, Object>> contents(List<Content> contents) {
    List<Map<String, Object>> out = new ArrayList<>(contents.size());
    for (Content c : contents) {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("type", String.valueOf(c.type()).toLowerCase(Locale.ROOT));
      if (c instanceof TextContent t) {
        part.put("text", t.text());
      }
      out.add(part);
    }
    return out;
  }

  static List<Map<String, Object>> toolCalls(List<ToolExecutionRequest> requests) {
    List<Map<String, Object>> out = new ArrayList<>(requests.size());
    for (ToolExecutionRequest r : requests) {
      Map<String, Object> call = new LinkedHashMap<>();
      putIfNotNull(call, "id", r.id());
      call.put("type", "function");
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", r.name());
      function.put("arguments", r.arguments());
      call.put("function", function);
      out.add(call);
    }
    return out;
  }

  /** The parameters that were set (LangChain4j leaves unset ones null), by their OpenAI names. */
  static Map<String, Object> parameters(ChatRequestParameters p) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (p == null) {
      return out;
    }
    putIfNotNull(out, "temperature", p.temperature());
    putIfNotNull(out, "top_p", p.topP());
    putIfNotNull(out, "top_k", p.topK());
    putIfNotNull(out, "max_tokens", p.maxOutputTokens());
    putIfNotNull(out, "frequency_penalty", p.frequencyPenalty());
    putIfNotNull(out, "presence_penalty", p.presencePenalty());
    if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
      out.put("stop_sequences", p.stopSequences());
    }
    if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      out.put("tools", p.toolSpecifications().stream().map(ToolSpecification::name).toList());
    }
    if (p.toolChoice() != null) {
      out.put("tool_choice", p.toolChoice().name().toLowerCase(Locale.ROOT));
    }
    if (p.responseFormat() != null && p.responseFormat().type() != null) {
      out.put("response_format", p.responseFormat().type().name().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private ChatMapping() {}
}

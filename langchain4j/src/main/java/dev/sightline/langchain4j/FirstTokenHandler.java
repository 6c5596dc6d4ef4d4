package dev.sightline.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * The application's handler, with every partial output first reported to a {@link FirstToken}.
 * Each method calls the same method of the application's handler, so overrides of either form of
 * {@code onPartialResponse} (with or without context) keep working.
 */
final class FirstTokenHandler implements StreamingChatResponseHandler {
  private final StreamingChatResponseHandler handler;
  private final FirstToken first;

  FirstTokenHandler(StreamingChatResponseHandler handler, FirstToken first) {
    this.handler = handler;
    this.first = first;
  }

  @Override
  public void onPartialResponse(String partialResponse) {
    first.tokenArrived();
    handler.onPartialResponse(partialResponse);
  }

  @Override
  public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
    first.tokenArrived();
    handler.onPartialResponse(partialResponse, context);
  }

  @Override
  public void onPartialThinking(PartialThinking partialThinking) {
    first.tokenArrived();
    handler.onPartialThinking(partialThinking);
  }

  @Override
  public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
    first.tokenArrived();
    handler.onPartialThinking(partialThinking, context);
  }

  @Override
  public void onPartialToolCall(PartialToolCall partialToolCall) {
    first.tokenArrived();
    handler.onPartialToolCall(partialToolCall);
  }

  @Override
  public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
    first.tokenArrived();
    handler.onPartialToolCall(partialToolCall, context);
  }

  @Override
  public void onCompleteToolCall(CompleteToolCall completeToolCall) {
    handler.onCompleteToolCall(completeToolCall);
  }

  @Override
  public void onUnmappedRawEvent(Object rawEvent) {
    handler.onUnmappedRawEvent(rawEvent);
  }

  @Override
  public void onCompleteResponse(ChatResponse completeResponse) {
    handler.onCompleteResponse(completeResponse);
  }

  @Override
  public void onError(Throwable error) {
    handler.onError(error);
  }
}

import type { Json } from '../api/types';

/** How an input or output reads best: as a conversation, as text, or as JSON. */

export interface ChatMessage {
  role: string;
  content: string;
  name?: string;
  /** Anything else the message carries (tool calls, ids …), shown as JSON. */
  extra?: Json;
}

export type Payload =
  | { kind: 'chat'; messages: ChatMessage[] }
  | { kind: 'text'; text: string }
  | { kind: 'json'; value: Json };

export function classify(value: Json): Payload {
  if (typeof value === 'string') {
    return { kind: 'text', text: value };
  }
  const messages = chatMessages(value);
  return messages ? { kind: 'chat', messages } : { kind: 'json', value };
}

/**
 * Chat messages in the usual shapes: an array of `{role, content}`, an object with a `messages`
 * array, or one `{role, content}` message. Content may be a string or an array of text parts.
 */
export function chatMessages(value: Json): ChatMessage[] | null {
  if (isObject(value) && Array.isArray(value.messages) && Object.keys(value).length === 1) {
    return chatMessages(value.messages);
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    return null;
  }
  const messages: ChatMessage[] = [];
  for (const item of list) {
    const message = chatMessage(item);
    if (!message) {
      return null;
    }
    messages.push(message);
  }
  return messages;
}

function chatMessage(item: Json): ChatMessage | null {
  if (!isObject(item) || typeof item.role !== 'string') {
    return null;
  }
  const content = contentText(item.content ?? '');
  if (content === null) {
    return null;
  }
  const { role, content: _content, name, ...rest } = item;
  return {
    role,
    content,
    name: typeof name === 'string' ? name : undefined,
    extra: Object.keys(rest).length > 0 ? rest : undefined,
  };
}

function contentText(content: Json): string | null {
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    const parts = content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : null));
    return parts.every((p) => p !== null) ? parts.join('\n') : null;
  }
  return null;
}

export function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One turn of a conversation as text: of chat messages the last one (earlier ones repeat the
 * history), a string as it is, other JSON pretty-printed; null when nothing was recorded.
 */
export function turnText(value: Json | undefined): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  const payload = classify(value);
  return payload.kind === 'text' ? payload.text
    : payload.kind === 'chat' ? payload.messages[payload.messages.length - 1].content
      : JSON.stringify(payload.value, null, 2);
}

/**
 * A turn (see `turnText`) on one line, for a list: runs of white space made one space, at most
 * `max` characters. The list cuts it to its width; the cap keeps huge payloads out of the DOM.
 */
export function previewText(value: Json | undefined, max = 300): string | null {
  const text = turnText(value)?.replace(/\s+/g, ' ').trim();
  if (!text) {
    return null;
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

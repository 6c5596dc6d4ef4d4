import type { PromptMessage, PromptVersion } from '../api/types';

/** A version's template as lines of text: a text prompt as it is, a chat prompt message by message. */
export function templateText(v: Pick<PromptVersion, 'prompt'>): string {
  if (typeof v.prompt === 'string') {
    return v.prompt;
  }
  return v.prompt.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
}

/** The template as the editor shows it: text as it is, chat messages as indented JSON. */
export function editableTemplate(v: Pick<PromptVersion, 'prompt'>): string {
  return typeof v.prompt === 'string' ? v.prompt : JSON.stringify(v.prompt, null, 2);
}

/**
 * Reads the editor's template back: for a chat prompt, a JSON array of `{role, content}`.
 * Throws an Error saying what is wrong.
 */
export function parseTemplate(type: 'text' | 'chat', text: string): string | PromptMessage[] {
  if (type === 'text') {
    return text;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('A chat template must be a JSON array of {"role", "content"} messages.');
  }
  if (!Array.isArray(parsed)) {
    throw new Error('A chat template must be a JSON array of {"role", "content"} messages.');
  }
  return parsed as PromptMessage[];
}

/** Labels typed as `production, staging`: trimmed, without blanks, repeats or `latest` (the server sets it). */
export function parseLabels(text: string): string[] {
  const labels = text.split(',').map((l) => l.trim()).filter((l) => l !== '' && l !== 'latest');
  return [...new Set(labels)];
}

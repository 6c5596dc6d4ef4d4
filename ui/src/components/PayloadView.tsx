import { useState } from 'react';
import type { Json } from '../api/types';
import { classify, type ChatMessage } from '../lib/payload';
import { JsonTree } from './JsonTree';
import { LongText } from './LongText';

/** An input or output: a conversation, text or JSON, with the raw JSON one click away. */
export function PayloadView({ value, testId }: { value: Json | undefined; testId?: string }) {
  const [raw, setRaw] = useState(false);
  if (value === undefined) {
    return <div className="muted" data-testid={testId}>None recorded.</div>;
  }
  const payload = classify(value);
  return (
    <div className="payload" data-testid={testId}>
      {payload.kind !== 'text' ? (
        <div className="payload-tabs">
          <button type="button" className={raw ? '' : 'active'} onClick={() => setRaw(false)}>
            {payload.kind === 'chat' ? 'Conversation' : 'Tree'}
          </button>
          <button type="button" className={raw ? 'active' : ''} onClick={() => setRaw(true)}>JSON</button>
        </div>
      ) : null}
      {raw ? <LongText text={JSON.stringify(value, null, 2)} limit={5000} className="text-block mono" />
        : payload.kind === 'chat' ? <Conversation messages={payload.messages} />
          : payload.kind === 'text' ? <LongText text={payload.text} />
            : <JsonTree value={payload.value} />}
    </div>
  );
}

export function Conversation({ messages }: { messages: ChatMessage[] }) {
  return (
    <div className="conversation">
      {messages.map((m, i) => (
        <div key={i} className={`message role-${roleClass(m.role)}`}>
          <div className="message-role">{m.role}{m.name ? ` · ${m.name}` : ''}</div>
          {m.content ? <LongText text={m.content} /> : null}
          {m.extra !== undefined ? <JsonTree value={m.extra} openDepth={1} /> : null}
        </div>
      ))}
    </div>
  );
}

function roleClass(role: string): string {
  return ['system', 'user', 'assistant', 'tool'].includes(role) ? role : 'other';
}

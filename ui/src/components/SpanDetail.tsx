import { Link } from 'react-router';
import { AddToDataset } from './AddToDataset';
import type { Json, Score, SpanNode, Trace } from '../api/types';
import { formatCost, formatDuration, formatTime, formatTokens } from '../lib/format';
import { useApi } from '../auth/ProjectContext';
import { isObject } from '../lib/payload';
import { useAsync } from '../lib/useAsync';
import { InferredMark, SpanIcon, StatusBadge, Tags } from './Badges';
import { JsonTree } from './JsonTree';
import { Facts, KeyValues, Section } from './KeyValues';
import { LongText } from './LongText';
import { PayloadView } from './PayloadView';
import { ScoresSection } from './Scores';
import { Async } from './Status';

/**
 * Everything recorded on one span: status and error, model, usage, input, output, scores, metadata.
 * The tree's node comes without payloads; input, output and variables are read here.
 */
export function SpanDetail({ span, traceStart, scores, onScored }: {
  span: SpanNode; traceStart: number; scores: Score[]; onScored(score: Score): void;
}) {
  const api = useApi();
  const full = useAsync(() => api.span(span.traceId, span.spanId), [api, span.traceId, span.spanId]);
  const failed = span.status === 'failure' || span.error !== undefined;
  return (
    <div className="detail" data-testid="span-detail">
      <div className="detail-head">
        <SpanIcon type={span.type} />
        <h2>{span.name ?? span.type ?? 'span'}</h2>
        {span.status ? <StatusBadge status={span.status} /> : null}
        <AddToDataset traceId={span.traceId} spanId={span.spanId} />
      </div>
      <Facts rows={[
        ['Type', span.type],
        ['Started', span.startTime !== undefined
          ? `${formatTime(span.startTime)} (+${formatDuration(span.startTime - traceStart)})` : undefined],
        ['Duration', span.duration !== undefined ? formatDuration(span.duration) : undefined],
        ['Time to first token', span.completionStartTime !== undefined && span.startTime !== undefined
          ? formatDuration(span.completionStartTime - span.startTime) : undefined],
        ['Span id', <span className="mono">{span.spanId}</span>],
        ['Reference id', span.referenceId],
      ]} />
      {failed || span.statusMessage ? (
        <div className="error-box" data-testid="span-error">
          {span.statusMessage ? <LongText text={span.statusMessage} /> : null}
          {span.error !== undefined ? <JsonTree value={span.error} /> : null}
        </div>
      ) : null}
      <ModelFacts span={span} />
      <Section title="Input" testId="span-input">
        <Async state={full} loading="Loading input">{(s) => <PayloadView value={s.input} />}</Async>
      </Section>
      <Section title="Output" testId="span-output">
        <Async state={full} loading="Loading output">{(s) => <PayloadView value={s.output} />}</Async>
      </Section>
      {full.status === 'done' && full.data.variables !== undefined
        ? <Section title="Prompt variables"><JsonTree value={full.data.variables} /></Section> : null}
      <ScoresSection scores={scores} target={{ traceId: span.traceId, spanId: span.spanId }} onAdded={onScored} />
      <Section title="Metadata"><KeyValues values={span.metadata} /></Section>
      <Section title="Attributes"><KeyValues values={span.attributes} /></Section>
      {span.tags?.length ? <Section title="Tags"><Tags tags={span.tags} /></Section> : null}
    </div>
  );
}

function ModelFacts({ span }: { span: SpanNode }) {
  const t = span.totals;
  const hasChildren = span.children.length > 0;
  const tokens = (n: number | undefined) => (n === undefined ? undefined
    : <>{formatTokens(n)}{span.usageInferred ? <> <InferredMark what="Token counts" /></> : null}</>);
  return (
    <Section title="Model and usage" testId="span-usage">
      <Facts rows={[
        ['Model', span.model ? [span.provider, span.model].filter(Boolean).join(' / ') : undefined],
        ['Prompt', span.prompt !== undefined ? <PromptLink prompt={span.prompt} /> : undefined],
        ['Prompt id', span.promptId],
        ['Deployment', span.deploymentId],
        ['Input tokens', tokens(span.inputTokens)],
        ['Output tokens', tokens(span.outputTokens)],
        ['Total tokens', tokens(span.totalTokens)],
        ['Cache read / write', span.cacheReadTokens !== undefined || span.cacheWriteTokens !== undefined
          ? `${formatTokens(span.cacheReadTokens)} / ${formatTokens(span.cacheWriteTokens)}` : undefined],
        ['Reasoning tokens', span.reasoningTokens !== undefined ? formatTokens(span.reasoningTokens) : undefined],
        ['Cost', span.cost !== undefined
          ? <>{formatCost(span.cost)}{span.costInferred ? <> <InferredMark what="The cost" /></> : null}</> : undefined],
        ['With children', hasChildren
          ? `${t.spanCount} spans · ${formatTokens(t.totalTokens)} tokens · ${formatCost(t.cost)}` : undefined],
      ]} />
      {span.modelParameters !== undefined ? <><h4>Parameters</h4><JsonTree value={span.modelParameters} openDepth={1} /></> : null}
      {span.costDetails !== undefined ? <><h4>Cost details</h4><JsonTree value={span.costDetails} openDepth={1} /></> : null}
      {!span.model && span.totalTokens === undefined && span.cost === undefined && !hasChildren
        ? <div className="muted">No model call recorded on this span.</div> : null}
    </Section>
  );
}

/** The trace itself, shown while no span is selected. */
export function TraceDetail({ trace, scores, onScored }: { trace: Trace; scores: Score[]; onScored(score: Score): void }) {
  return (
    <div className="detail" data-testid="trace-detail">
      <div className="detail-head"><h2>Trace</h2><span className="muted">Select a span to see its details.</span></div>
      <Section title="Input" testId="trace-input"><PayloadView value={trace.input} /></Section>
      <Section title="Output" testId="trace-output"><PayloadView value={trace.output} /></Section>
      {trace.statusMessage ? <div className="error-box"><LongText text={trace.statusMessage} /></div> : null}
      <ScoresSection scores={scores} target={{ traceId: trace.traceId }} onAdded={onScored} />
      <Section title="Metadata"><KeyValues values={trace.metadata} /></Section>
      <Section title="Attributes"><KeyValues values={trace.attributes} /></Section>
    </div>
  );
}

/** The prompt reference, linked to that prompt version's page when it names one. */
function PromptLink({ prompt }: { prompt: Json }) {
  const text = promptRef(prompt);
  if (!isObject(prompt) || typeof prompt.slug !== 'string') {
    return <>{text}</>;
  }
  const version = typeof prompt.version === 'number' || typeof prompt.version === 'string' ? String(prompt.version) : '';
  const query = /^[1-9][0-9]*$/.test(version) ? `?version=${version}` : '';
  return <Link to={`/prompts/${encodeURIComponent(prompt.slug)}${query}`} data-testid="prompt-link">{text}</Link>;
}

function promptRef(prompt: Json): string {
  if (isObject(prompt) && typeof prompt.slug === 'string') {
    return [prompt.slug, prompt.version !== undefined ? `v${String(prompt.version)}` : '', typeof prompt.tag === 'string' ? `(${prompt.tag})` : '']
      .filter(Boolean).join(' ');
  }
  return JSON.stringify(prompt);
}

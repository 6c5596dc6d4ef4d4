// Vercel's AI SDK (npm `ai` with `@ai-sdk/openai`) with its OpenTelemetry integration on, calling
// a fake OpenAI-compatible endpoint on loopback and exporting its spans over OTLP/HTTP protobuf to
// a Sightline server. Run by interop's VercelAiSdkTest:
//
//   node ai-sdk.mjs <modern|legacy> <sightline base URL> <API key>
//
// The fake endpoint answers the first chat request with a call of the tool `weather` and the
// second with text, so one generateText call makes a tool-calling round. Prints one JSON line:
// {"traceId": "...", "text": "..."}.
import http from 'node:http';
import { generateText, registerTelemetry, stepCountIs, tool } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { LegacyOpenTelemetry, OpenTelemetry } from '@ai-sdk/otel';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';

const [integration, sightline, key] = process.argv.slice(2);
if (!['modern', 'legacy'].includes(integration) || !sightline || !key) {
  console.error('usage: node ai-sdk.mjs <modern|legacy> <sightline base URL> <API key>');
  process.exit(2);
}

export const ANSWER = 'It is 18 degrees and sunny in Lyon.';

/** One canned completion per request: first a tool call, then the answer. */
function fakeOpenAi() {
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      calls++;
      const message = calls === 1
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_weather_1', type: 'function',
            function: { name: 'weather', arguments: JSON.stringify({ city: 'Lyon' }) } }] }
        : { role: 'assistant', content: ANSWER };
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({
        id: `chatcmpl-node${calls}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000),
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message, finish_reason: calls === 1 ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: 40 + calls, completion_tokens: 10 + calls, total_tokens: 50 + 2 * calls },
      }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'interop-ai-sdk' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({
    url: new URL('/v1/traces', sightline).toString(),
    headers: { Authorization: `Bearer ${key}` },
  }))],
});
provider.register();
registerTelemetry(integration === 'modern' ? new OpenTelemetry() : new LegacyOpenTelemetry());

const server = await fakeOpenAi();
const openai = createOpenAI({ baseURL: `http://127.0.0.1:${server.address().port}/v1`, apiKey: 'sk-interop' });
let traceId;
const result = await generateText({
  model: openai.chat('gpt-4o-mini'),
  system: 'You answer weather questions in one sentence.',
  prompt: 'What is the weather in Lyon?',
  temperature: 0.3,
  tools: {
    weather: tool({
      description: 'The current weather in a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        traceId = trace.getActiveSpan()?.spanContext().traceId;
        return { city, celsius: 18, sky: 'sunny' };
      },
    }),
  },
  stopWhen: stepCountIs(3),
  runtimeContext: { userId: 'user-ai-sdk', sessionId: 'session-ai-sdk', tags: ['weather', 'node'], tenant: 'acme' },
  telemetry: {
    functionId: 'weather-assistant',
    includeRuntimeContext: { userId: true, sessionId: true, tags: true, tenant: true },
  },
});
await provider.forceFlush();
await provider.shutdown();
server.close();
console.log(JSON.stringify({ traceId, text: result.text }));

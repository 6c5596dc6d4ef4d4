// Langfuse's deprecated JS client v3 (npm "langfuse"), which posts to /api/public/ingestion,
// configured only by its base URL and keys. Records the same agent run and prints the trace id.
// v3 has no agent or tool observations: a span's body "type" (AGENT, TOOL …) types it in Sightline.
import { Langfuse } from "langfuse";

const langfuse = new Langfuse({
  baseUrl: process.env.LANGFUSE_BASE_URL,
  publicKey: process.env.LANGFUSE_PUBLIC_KEY,
  secretKey: process.env.LANGFUSE_SECRET_KEY,
});
const errors = [];
langfuse.on("error", (e) => errors.push(String(e)));

const trace = langfuse.trace({ name: "support-chat", userId: "user-v3", sessionId: "session-v3",
  input: { question: "Where is my parcel?" } });
const agent = trace.span({ name: "support-agent", type: "AGENT" });
const generation = agent.generation({
  name: "draft-answer",
  model: "gpt-4o-mini",
  modelParameters: { temperature: 0.2 },
  input: [{ role: "user", content: "Where is my parcel?" }],
});
generation.end({ output: { role: "assistant", content: "Let me look it up." },
  usage: { input: 420, output: 85 } });
const tool = agent.span({ name: "lookup-parcel", type: "TOOL", input: { parcel: "P-1" } });
tool.end({ output: { status: "shipped" } });
agent.end();
trace.update({ output: { answer: "It ships tomorrow." } });
trace.score({ name: "user-feedback", value: 1 });

await langfuse.shutdownAsync();
if (errors.length > 0) {
  console.error(errors.join("\n"));
  process.exit(1);
}
console.log(JSON.stringify({ traceId: trace.id }));

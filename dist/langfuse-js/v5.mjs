// Langfuse's JS SDK v5 (@langfuse/tracing + @langfuse/otel on the OpenTelemetry JS SDK), configured
// only by LANGFUSE_BASE_URL, LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY as a Langfuse user would.
// Records an agent with a generation (with usage) and a tool, flushes, and prints the trace id.
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { LangfuseSpanProcessor } from "@langfuse/otel";
import { propagateAttributes, startActiveObservation, startObservation } from "@langfuse/tracing";

const processor = new LangfuseSpanProcessor({ exportMode: "immediate" });
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

const traceId = await propagateAttributes({ userId: "user-v5", sessionId: "session-v5" }, () =>
  startActiveObservation("support-agent", async (agent) => {
    agent.update({ input: { question: "Where is my parcel?" } });
    const generation = startObservation("draft-answer", {
      model: "gpt-4o-mini",
      modelParameters: { temperature: 0.2 },
      input: [{ role: "user", content: "Where is my parcel?" }],
    }, { asType: "generation" });
    generation.update({
      output: { role: "assistant", content: "Let me look it up." },
      usageDetails: { input: 420, output: 85 },
    }).end();
    const tool = startObservation("lookup-parcel", { input: { parcel: "P-1" } }, { asType: "tool" });
    tool.update({ output: { status: "shipped" } }).end();
    agent.update({ output: { answer: "It ships tomorrow." } });
    return agent.traceId;
  }, { asType: "agent" }));

await processor.forceFlush();
await provider.shutdown();
console.log(JSON.stringify({ traceId }));

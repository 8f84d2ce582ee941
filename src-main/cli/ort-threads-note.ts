// A bad ALVEO_ORT_THREADS ('abc', 0, -2) would otherwise pass unseen: the runtime falls back to a
// thread per core and only `alveo models` lists why. The CLI says it once, on stderr, in the
// engine's own words (ortThreadSetting), before the command runs.

/** The note for a bad ALVEO_ORT_THREADS, or null; loads the ONNX Runtime code only when it is set. */
export async function ortThreadsNote(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.ALVEO_ORT_THREADS === undefined) return null;
  const { ortThreadSetting } = await import('../engine/runtime/onnx-runtime');
  return ortThreadSetting(env).problem;
}

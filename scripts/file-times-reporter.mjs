// A node:test reporter (run-tests.mjs adds it beside spec): after the run, the slowest test files
// and their seconds, so a slow CI run says where its time went (bench/ measures speed; this is not
// a test). Node 20 reports each file as one test at nesting 0; Node 22 reports its tests with `file`.
const SHOWN = Number(process.env.ALVEO_SLOWEST_FILES ?? 12);

export default async function* fileTimes(source) {
  const seconds = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.nesting !== 0) continue;
    const file = event.data.file ?? event.data.name;
    const ms = event.data.details?.duration_ms ?? 0;
    seconds.set(file, (seconds.get(file) ?? 0) + ms / 1000);
  }
  if (seconds.size < 2 || SHOWN <= 0) return;
  const cwd = process.cwd() + '/';
  const slowest = [...seconds].sort((a, b) => b[1] - a[1]).slice(0, SHOWN);
  const total = [...seconds.values()].reduce((a, b) => a + b, 0);
  yield `\nslowest test files, by seconds in their tests (of ${seconds.size} files, ${Math.round(total)} s in all):\n`;
  for (const [file, s] of slowest) yield `${s.toFixed(1).padStart(8)} s  ${file.replace(cwd, '')}\n`;
}

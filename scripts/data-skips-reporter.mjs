// A node:test reporter (run-tests.mjs adds it beside spec): one JSON line per test skipped because
// its real data was not found, told by the skip reason the tests' shared-data helpers all give
// (tests/support/shared-data-dir.ts, dataNotFound): "real data not found at <path> (...)".
const DATA_SKIP = 'real data not found at ';

export default async function* dataSkips(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const reason = event.data.skip;
    if (typeof reason === 'string' && reason.startsWith(DATA_SKIP)) {
      yield `${JSON.stringify({ file: event.data.file, name: event.data.name, path: reason.slice(DATA_SKIP.length).replace(/ \(.*$/s, '') })}\n`;
    }
  }
}

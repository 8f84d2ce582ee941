// dcmjs logs through loglevel (its root logger and named children such as "validation.dcmjs"),
// and its messages can quote attribute values (patient names, birth dates): silence them all.
// Setting the root level does not reach children already made, so each is set by name.

interface Logger {
  setLevel(level: string): void;
  getLogger?(name: string): Logger;
}

const CHILDREN = ['validation.dcmjs', 'AsyncDicomReader'];

export function quietDcmjs(lib: { log?: Logger } | undefined): void {
  const log = lib?.log;
  if (!log) return;
  log.setLevel('silent');
  for (const name of CHILDREN) log.getLogger?.(name).setLevel('silent');
}

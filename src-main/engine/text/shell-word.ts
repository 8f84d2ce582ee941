// A string as one POSIX shell word, quoted only when it needs to be: commands Alveo prints for a
// user to run (a model card's recipe, a hint naming a folder) must survive paths with spaces.

export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

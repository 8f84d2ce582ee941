// The version of the intended-use rules (check-study.ts, the OOD check's use, the site policy's
// meaning): cached scores carry the warnings made under them, so a cache made under other rules is
// remade rather than served (a rule added in a release applies to every answer shown after it).
// Bump it with any change to what the guardrails say or hold back.
//   1: the rules before the "no usable age" hold-back (caches of that time carry no number)
//   2: a DICOM without a usable age is held back unless the site policy reads it as a child's
//   3: rows carry notes (a JPEG's or PNG's population could not be checked; read as a child's by the site policy)
export const GUARDRAIL_RULES_VERSION = 3;

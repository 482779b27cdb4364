// Texts kept once elsewhere (the protocol's patient paragraphs in src/domain/patient) taken into a
// catalogue under a key prefix: { "AC-NO-SUN": "…" } with "aftercare.advice." gives
// { "aftercare.advice.AC-NO-SUN": "…" }, each key typed.
export function prefixed<const P extends string, const T extends Readonly<Record<string, string>>>(
  prefix: P,
  texts: T,
): { readonly [K in keyof T & string as `${P}${K}`]: T[K] } {
  return Object.fromEntries(Object.entries(texts).map(([id, text]) => [`${prefix}${id}`, text])) as {
    readonly [K in keyof T & string as `${P}${K}`]: T[K];
  };
}

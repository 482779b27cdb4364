// El catálogo español del lado del paciente: las mismas claves que en.ts. `{name}` marca un valor
// que se rellena al mostrar el texto.
import type { MessageKey } from "./en.ts";

export const es: Partial<Record<MessageKey, string>> = {};

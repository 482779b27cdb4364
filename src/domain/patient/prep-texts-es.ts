// The Spanish patient paragraph of each preparation step of the shipped protocol, in plain
// words, kept once: the e-mails use it (protocol-texts-es.ts) and the web's catalogue takes it in
// as `prep.<id>`. A module of its own, so a page loads only the texts it shows. `{min}` and `{max}` are
// the step's days before the session.
export const PREP_TEXTS_ES = {
  "PREP-NSAID-STOP":
    "Deja el ibuprofeno, el naproxeno y otros analgésicos antiinflamatorios, y la aspirina que tomas de vez en cuando para el dolor, {min}–{max} días antes de tu sesión. Nunca dejes la aspirina ni un anticoagulante que tomes por el corazón, un stent, un ictus o un coágulo.",
  "PREP-TOPICAL-RETINOID-STOP":
    "Deja el retinol, la tretinoína y otras cremas con retinoides, y los productos con ácidos o exfoliantes, {max} días antes de tu sesión.",
  "PREP-UV-EXPOSURE":
    "No tomes el sol ni te broncees (tampoco con rayos UVA) durante los {max} días anteriores a tu sesión. Te cambiaremos la cita si llegas quemado por el sol o recién bronceado.",
  "PREP-ANTITHROMBOTIC-DO-NOT-STOP":
    "Sigue tomando tu anticoagulante o la aspirina para el corazón exactamente como te lo recetaron. No lo dejes por este tratamiento. Contactaremos con tu médico antes de tu sesión.",
  "PREP-HSV-PROPHYLAXIS":
    "Has tenido calenturas antes. Pregunta al médico que te receta si debes tomar un antiviral, empezando 1–2 días antes de tu sesión.",
  "PREP-ARRIVE-CLEAN":
    "Ven con la piel limpia y sin maquillaje. Cuéntanos todos tus medicamentos y suplementos.",
} as const satisfies Readonly<Record<string, string>>;

// The Spanish patient paragraph of each aftercare entry of the shipped protocol, in plain
// words, kept once: the e-mails use it (protocol-texts-es.ts) and the web's catalogue takes it in
// as `aftercare.advice.<id>`. A module of its own, so a page loads only the texts it shows.
export const AFTERCARE_TEXTS_ES = {
  "AC-ERYTHEMA-EXPECTED":
    "Es normal tener rojez como una quemadura solar leve, algo de hinchazón, tirantez y puntitos de sangre. Suelen desaparecer en 24–48 horas y pueden durar hasta 72 horas.",
  "AC-DOWNTIME":
    "Deja descansar la piel 48–72 horas; la mayoría de las personas vuelve a su vida normal al día siguiente.",
  "AC-NO-MAKEUP": "Nada de maquillaje durante 24 horas; después, el maquillaje mineral está bien.",
  "AC-NO-SWEAT-EXERCISE": "Nada de ejercicio intenso, sudar, sauna ni piscina durante 24 horas.",
  "AC-GENTLE-SKINCARE":
    "Usa solo un limpiador suave y una crema hidratante sencilla (o el gel que te dio la clínica). No te toques ni frotes.",
  "AC-NO-ACTIVES":
    "Nada de retinol ni otros retinoides, ácidos (AHA/BHA), exfoliantes u otros productos fuertes durante 7 días.",
  "AC-NO-SUN": "Evita el sol directo y el calor durante 7 días.",
  "AC-SPF-DAILY":
    "Desde mañana, usa todos los días un protector solar de amplio espectro. Es aún más importante en la piel más oscura, que se mancha con más facilidad.",
  "AC-RESUME-ROUTINE":
    "A los 7 días, si tu piel está tranquila, puedes volver a tu rutina habitual, retinoides incluidos.",
  "AC-WARNING-SIGNS":
    "el dolor empeora, hay pus, fiebre, ampollas o un herpes labial, bultos que no desaparecen o manchas oscuras.",
  "AC-NEXT-SESSION": "Tu próxima sesión toca 4–6 semanas después de esta.",
} as const satisfies Readonly<Record<string, string>>;

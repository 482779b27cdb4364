// El catálogo español del lado del paciente: las mismas claves que en.ts (las pantallas del
// personal siguen en inglés). `{name}` marca un valor que se rellena al mostrar el texto. Un test
// comprueba que no falte ninguna clave del paciente y que los marcadores coincidan.
import type { MessageKey } from "./en.ts";

export const es: Partial<Record<MessageKey, string>> = {
  // Navegación del sitio
  "nav.selfCheck": "¿Soy candidato?",
  "nav.compare": "Comparar tratamientos",
  "nav.faq": "Preguntas",
  "nav.prices": "Precios",
  "common.loading": "Cargando…",
  "common.loadFailed": "No se ha podido cargar. Comprueba tu conexión e inténtalo de nuevo.",
  "common.sources": "Fuentes",
  "common.protocolVersion": "Versión de las normas: {version}",
  "common.sourceNumbers": "Fuentes: {numbers}",
  "common.sourcesList": "De dónde salen nuestras cifras",
  "common.language": "Idioma",
  "common.language.en": "English",
  "common.language.es": "Español",
  "common.book": "Reservar una consulta",
  "layout.home": "Inicio de {name}",
  "layout.brand": "Clínica de micropunción",
  "layout.mainNav": "Principal",
  "layout.staffApp": "Aplicación del personal",
  "layout.myAppointments": "Mis citas",
  "layout.signIn": "Entrar",
  "layout.tagline": "Terapia de inducción de colágeno, planificada y seguida por profesionales titulados.",
  "layout.contact": "Contacto",
  "layout.contactLoading": "Cargando los datos de contacto…",
  "layout.accounts": "Cuentas",
  "layout.patientPortal": "Portal del paciente",
  "layout.staffSignIn": "Acceso del personal",
  "layout.disclaimer":
    "La información de este sitio es general. Si la micropunción es adecuada para ti se decide con un profesional en tu consulta.",
  "layout.signOut": "Salir",
  "common.back": "Atrás",
  "common.next": "Siguiente",
  "common.yes": "Sí",
  "common.no": "No",

  // Autoevaluación
  "selfCheck.title": "¿Soy candidato a la micropunción?",
  "selfCheck.intro":
    "Responde a unas preguntas para ver si la micropunción (microneedling) podría ser adecuada para ti. Tus respuestas se quedan en este teléfono: no se envía nada salvo que decidas reservar.",
  "selfCheck.step": "Paso {n} de {total}",
  "selfCheck.step.concerns": "¿Qué te gustaría tratar?",
  "selfCheck.step.about": "Sobre ti",
  "selfCheck.step.health": "Tu piel y tu salud",
  "selfCheck.step.medicines": "Medicamentos",
  "selfCheck.step.when": "¿Cuándo te gustaría empezar?",
  "selfCheck.concerns.label": "Elige todo lo que corresponda",
  "selfCheck.areas.label": "¿Dónde?",
  "selfCheck.area.face": "Cara",
  "selfCheck.area.neck": "Cuello",
  "selfCheck.area.scalp": "Cuero cabelludo",
  "selfCheck.area.body": "Cuerpo (pecho, brazos, piernas, abdomen)",
  "selfCheck.concern.rhytides": "Líneas finas y arrugas",
  "selfCheck.concern.texture-pores": "Textura irregular o poros grandes",
  "selfCheck.concern.dyschromia": "Manchas oscuras o daño solar",
  "selfCheck.concern.acne-scars": "Cicatrices de acné",
  "selfCheck.concern.other-atrophic-scars": "Otras cicatrices (cirugía, lesiones, quemaduras)",
  "selfCheck.concern.striae": "Estrías",
  "selfCheck.concern.alopecia": "Pérdida de cabello",
  "selfCheck.age": "Tu edad",
  "selfCheck.sex": "Sexo",
  "selfCheck.sex.female": "Mujer",
  "selfCheck.sex.male": "Hombre",
  "selfCheck.sex.other": "Otro",
  "selfCheck.pregnant": "¿Estás embarazada?",
  "selfCheck.breastfeeding": "¿Estás dando el pecho?",
  "selfCheck.notApplicable": "No corresponde",
  "selfCheck.skinType": "¿Cómo reacciona tu piel al sol?",
  "selfCheck.skin.I": "Siempre me quemo, nunca me bronceo",
  "selfCheck.skin.II": "Suelo quemarme, me bronceo un poco",
  "selfCheck.skin.III": "A veces me quemo, me bronceo de forma uniforme",
  "selfCheck.skin.IV": "Rara vez me quemo, me bronceo con facilidad",
  "selfCheck.skin.V": "Casi nunca me quemo, me bronceo con mucha facilidad",
  "selfCheck.skin.VI": "Nunca me quemo",
  "selfCheck.health.label": "Marca lo que corresponda en tu caso",
  "selfCheck.health.keloid": "He tenido un queloide (una cicatriz abultada que creció más allá de la herida)",
  "selfCheck.health.coldSoreNow": "Ahora tengo un herpes labial (calentura)",
  "selfCheck.health.coldSoreHistory": "De vez en cuando me sale herpes labial (calenturas)",
  "selfCheck.health.bleedingDisorder":
    "Tengo un trastorno de la coagulación diagnosticado (por ejemplo, hemofilia)",
  "selfCheck.health.easyBruising": "Me salen moratones con facilidad o sangro durante mucho tiempo",
  "selfCheck.health.skinCancerInArea": "Tengo cáncer de piel donde quiero el tratamiento",
  "selfCheck.health.allergySteel":
    "Soy alérgico al níquel u otros metales (por ejemplo, la bisutería o la correa del reloj me dan sarpullido)",
  "selfCheck.health.allergyAnaesthetic": "Soy alérgico a las cremas anestésicas o a los anestésicos locales",
  "selfCheck.health.radiotherapyNow": "Ahora estoy recibiendo radioterapia",
  "selfCheck.health.radiotherapyPastInArea": "Recibí radioterapia donde quiero el tratamiento",
  "selfCheck.health.activeAcneInArea": "Tengo granos activos e inflamados donde quiero el tratamiento",
  "selfCheck.health.psoriasisInArea": "Tengo un brote de psoriasis donde quiero el tratamiento",
  "selfCheck.health.infectionInArea": "Tengo una infección de la piel o verrugas donde quiero el tratamiento",
  "selfCheck.health.woundInArea": "Tengo un corte, una llaga o la piel abierta donde quiero el tratamiento",
  "selfCheck.graded.eczemaInArea": "Eccema donde quieres el tratamiento",
  "selfCheck.graded.rosaceaInArea": "Rosácea donde quieres el tratamiento",
  "selfCheck.extent.none": "No",
  "selfCheck.extent.mild": "Leve",
  "selfCheck.extent.moderate": "Moderada",
  "selfCheck.extent.severe": "Grave o en brote",
  "selfCheck.isotretinoin": "¿Has tomado isotretinoína en pastillas (Roaccutan, Accutane)?",
  "selfCheck.isotretinoin.never": "No, nunca",
  "selfCheck.isotretinoin.now": "Sí, la tomo ahora",
  "selfCheck.isotretinoin.stopped": "Sí, pero ya la he dejado",
  "selfCheck.isotretinoinLastDose": "Fecha de la última pastilla",
  "selfCheck.medicines.label": "¿Tomas alguno de estos?",
  "selfCheck.medicines.bloodThinner":
    "Un anticoagulante o antiagregante que te recetó un médico (por ejemplo, warfarina, apixabán, rivaroxabán, clopidogrel o aspirina con receta)",
  "selfCheck.medicines.topicalRetinoid": "Cremas de retinol, tretinoína o ácidos (AHA/BHA)",
  "selfCheck.medicines.painkillerNsaid": "Ibuprofeno, naproxeno u otro analgésico antiinflamatorio",
  "selfCheck.medicines.aspirin": "Aspirina, a cualquier dosis",
  "selfCheck.aspirinReason": "¿Por qué tomas aspirina?",
  "selfCheck.aspirinReason.pain": "De vez en cuando, para el dolor, la fiebre o el dolor de cabeza",
  "selfCheck.aspirinReason.heart":
    "Por el corazón, un stent, o después de un ictus o un coágulo (aunque la compre yo)",
  "selfCheck.aspirinReason.unsure": "No estoy seguro de por qué",
  "selfCheck.medicines.note":
    "Nunca dejes un anticoagulante, ni la aspirina para el corazón, por este tratamiento. Si un médico te recetó un analgésico o un medicamento para la piel, pregúntale antes de dejarlo.",
  "selfCheck.startDate": "Fecha preferida para la primera sesión (déjala vacía para lo antes posible)",
  "selfCheck.seeResult": "Ver mi resultado",
  "selfCheck.startAgain": "Empezar de nuevo",
  "selfCheck.change": "Cambiar mis respuestas",
  "selfCheck.problemsTitle": "Revisa estas respuestas",
  "selfCheck.problem.missing": "Responde a esta pregunta, por favor.",
  "selfCheck.problem.male-pregnant":
    "Has indicado que eres hombre y que estás embarazada. Revisa tu respuesta sobre el sexo o el embarazo.",
  "selfCheck.problem.male-breastfeeding":
    "Has indicado que eres hombre y que das el pecho. Revisa tu respuesta sobre el sexo o la lactancia.",
  "selfCheck.problem.cold-sore-both":
    "Tienes ahora un herpes labial pero has dicho que nunca te salen. Revisa las respuestas sobre el herpes.",
  "selfCheck.problem.age-range": "Indica tu edad en años, como número entero.",
  "selfCheck.problem.date-invalid": "Esta fecha no existe en el calendario.",
  "selfCheck.problem.date-future": "La última pastilla no puede ser en el futuro.",
  "selfCheck.problem.date-past": "La fecha preferida no puede ser en el pasado.",
  "selfCheck.problem.area-not-treated":
    "«{concern}» no se trata en la zona que has elegido. Elige otra zona.",
  "selfCheck.problem.unknown-concern": "Este objetivo de tratamiento no se ofrece.",
  "selfCheck.result.title": "Tu resultado",
  "selfCheck.result.eligible": "La micropunción parece adecuada para ti",
  "selfCheck.result.eligible.text":
    "Nada en tus respuestas la descarta. Un profesional lo confirma en tu consulta, después de ver tu piel.",
  "selfCheck.result.defer": "Todavía no: la micropunción debe esperar",
  "selfCheck.result.defer.dated": "A partir del {date} podría hacerse, si no cambia nada más.",
  "selfCheck.result.defer.undated": "Podrá hacerse cuando haya pasado el motivo que se indica abajo.",
  "selfCheck.result.needs-physician-clearance": "Posible, primero con el visto bueno de un médico",
  "selfCheck.result.needs-physician-clearance.text":
    "Una de tus respuestas hace que un médico tenga que dar su visto bueno antes del tratamiento. Podemos organizarlo después de tu consulta.",
  "selfCheck.result.decline": "La micropunción no es adecuada para ti",
  "selfCheck.result.decline.text":
    "Una de tus respuestas hace que la micropunción no sea segura. Aun así, una consulta puede ayudarte a encontrar otra opción.",
  "selfCheck.result.why": "Por qué",
  "selfCheck.result.cautions": "Conviene saber",
  "selfCheck.result.prep": "Antes de una sesión",
  "selfCheck.result.plan":
    "Un tratamiento típico para ti: {min}–{max} sesiones, con {wmin}–{wmax} semanas entre una y otra.",
  "selfCheck.result.disclaimer":
    "Es una primera comprobación a partir de tus propias respuestas, no una decisión médica. No se ha enviado nada a la clínica.",
  "selfCheck.result.bookTitle": "Háblalo en una consulta gratuita",
  "selfCheck.result.bookText":
    "Tus respuestas pasarán a la página de reserva, así no tendrás que darlas dos veces.",
  "selfCheck.carried":
    "Tenemos las respuestas de tu autoevaluación desde este teléfono; el profesional las revisará contigo.",

  // Lo que dice una evaluación al paciente, por norma
  "explain.action.decline": "No podemos ofrecerte la micropunción.",
  "explain.action.physician-clearance":
    "Un médico tiene que dar su visto bueno antes de que podamos reservar el tratamiento.",
  "explain.action.defer-until.dated":
    "El tratamiento tiene que esperar: la primera fecha posible es el {date}.",
  "explain.action.defer-until.undated":
    "El tratamiento tiene que esperar. Lo volveremos a comprobar cuando esto haya pasado.",
  "explain.action.caution": "Tu profesional tendrá especial cuidado y lo hablará contigo.",
  "explain.CI-PREGNANCY": "Estás embarazada.",
  "explain.CI-BREASTFEEDING": "Estás dando el pecho.",
  "explain.CI-MINOR": "Aquí la micropunción es para adultos de 18 años o más.",
  "explain.CI-KELOID": "Has tenido un queloide, una cicatriz abultada que creció más allá de la herida.",
  "explain.CI-SKIN-CANCER-AREA": "Tienes cáncer de piel donde quieres el tratamiento.",
  "explain.CI-ALLERGY-STEEL-ANESTHETIC":
    "Eres alérgico al níquel u otros metales, o a las cremas anestésicas, que el tratamiento utiliza.",
  "explain.CI-BLEEDING-DISORDER": "Tienes un trastorno de la coagulación diagnosticado.",
  "explain.CI-BLEEDING-TENDENCY": "Te salen moratones con facilidad o sangras durante mucho tiempo.",
  "explain.CI-ANTITHROMBOTIC":
    "Tomas un anticoagulante, o aspirina por el corazón, un stent o después de un ictus. Sigue tomándolo: nunca lo dejes por este tratamiento.",
  "explain.CI-ISOTRETINOIN-6M":
    "Tomas isotretinoína u otro retinoide en pastillas (acitretina, alitretinoína, bexaroteno), o los tomaste en los últimos 6 meses.",
  "explain.CI-RADIOTHERAPY-CURRENT": "Ahora estás recibiendo radioterapia.",
  "explain.CI-RADIOTHERAPY-AREA": "Recibiste radioterapia donde quieres el tratamiento.",
  "explain.CI-ACTIVE-ACNE": "Tienes granos activos e inflamados donde quieres el tratamiento.",
  "explain.CI-PSORIASIS-ACTIVE": "Tienes un brote de psoriasis donde quieres el tratamiento.",
  "explain.CI-ECZEMA-MOD-SEVERE": "Tienes eccema moderado o grave donde quieres el tratamiento.",
  "explain.CI-ROSACEA-SEVERE": "Tienes rosácea grave o en brote donde quieres el tratamiento.",
  "explain.CI-OPEN-WOUND": "Tienes un corte, una llaga o la piel abierta donde quieres el tratamiento.",
  "explain.CI-SKIN-INFECTION": "Tienes una infección de la piel donde quieres el tratamiento.",
  "explain.CI-HSV-ACTIVE": "Ahora tienes un herpes labial y se va a tratar la cara.",
  "explain.CAU-FITZPATRICK-IV-VI":
    "Tu tipo de piel tiene más riesgo de manchas oscuras después del tratamiento. La protección solar diaria es imprescindible, y tu profesional puede probar antes en una zona pequeña.",
  "explain.CAU-HSV-HISTORY":
    "Te salen calenturas, y tratar la cara puede provocar una. Consulta «Antes de una sesión» sobre un antiviral.",
  "explain.CAU-ECZEMA-MILD-OR-ELSEWHERE":
    "Tienes eccema. Tu profesional revisará la piel y puede tratarla con más suavidad.",
  "explain.CAU-PSORIASIS-KOEBNER":
    "Tienes psoriasis. La micropunción puede provocar placas nuevas, así que tu profesional estará atento.",
  "explain.CAU-ROSACEA-MILD-MODERATE":
    "Tienes rosácea. Tu profesional tratará con suavidad y vigilará si hay un brote.",
  "explain.CAU-SKINPEN-AGE":
    "El dispositivo que usan la mayoría de las clínicas se probó en cicatrices de acné en adultos de 22 años o más; tu profesional te explicará qué supone para ti.",
  "explain.excludedZone":
    "{zone}: esta zona no se puede tratar de forma segura, así que queda fuera de tu plan.",
  "explain.zone.eyelid": "Los párpados",

  // Página de inicio
  "home.title": "{clinic} · Micropunción y terapia de inducción de colágeno",
  "home.badge": "Terapia de inducción de colágeno",
  "home.heading": "Una piel más lisa y firme, hecha con tu propio colágeno",
  "home.lead":
    "La micropunción usa agujas finas y estériles para hacer miles de canales diminutos en la piel. La piel los repara formando colágeno nuevo, y esa reparación es lo que suaviza cicatrices, líneas y textura irregular, poco a poco.",
  "home.howCourse": "Cómo es un tratamiento",
  "home.glance": "De un vistazo",
  "home.glance.session": "Sesión",
  "home.glance.sessionText":
    "{nmin}–{nmax} minutos de micropunción, tras {amin}–{amax} minutos de crema anestésica",
  "home.glance.course": "Tratamiento",
  "home.glance.courseText": "Normalmente {min}–{max} sesiones, con {wmin}–{wmax} semanas entre una y otra",
  "home.glance.downtime": "Recuperación",
  "home.glance.downtimeText":
    "Rojez como una quemadura solar leve, que suele desaparecer en {redness} horas (hasta {rednessUpTo})",
  "home.glance.who": "Quién te trata",
  "home.glance.whoText": "Médicos, enfermeros y esteticistas titulados",
  "home.what.title": "Qué es la micropunción",
  "home.what.text":
    "Un dispositivo en forma de bolígrafo se desliza sobre la piel y hace pequeñas punciones controladas a la profundidad que elige tu profesional: poco profundas para las líneas finas y más profundas para las cicatrices. La superficie de la piel queda casi intacta, así que se cura rápido, mientras la reparación que se pone en marcha continúa durante meses.",
  "home.healing.inflammation": "Inflamación",
  "home.healing.inflammation.when": "Primeros días",
  "home.healing.inflammation.text": "La piel reacciona a cada canal diminuto y empieza a repararse.",
  "home.healing.proliferation": "Colágeno nuevo",
  "home.healing.proliferation.when": "Semanas 1–8",
  "home.healing.proliferation.text": "Las células reparadoras forman colágeno nuevo.",
  "home.healing.remodeling": "Remodelación",
  "home.healing.remodeling.when": "Hasta unos 12 meses",
  "home.healing.remodeling.text": "El colágeno nuevo madura y la piel se vuelve más firme.",
  "home.suits.title": "Para quién es",
  "home.suits.text":
    "Adultos que buscan una mejora gradual de la textura y la firmeza de la piel, en la cara, el cuello, el cuero cabelludo o el cuerpo.",
  "home.concern.acne": "Cicatrices de acné",
  "home.concern.acne.text":
    "Las cicatrices onduladas y en forma de caja pueden suavizarse al formarse colágeno nuevo debajo.",
  "home.concern.lines": "Líneas finas y arrugas",
  "home.concern.lines.text": "Piel más firme y gruesa alrededor de los ojos, la boca y la frente.",
  "home.concern.texture": "Poros y textura",
  "home.concern.texture.text": "Una superficie más lisa y un tono más uniforme.",
  "home.concern.striae": "Estrías",
  "home.concern.striae.text": "Las estrías pueden integrarse algo más con la piel que las rodea.",
  "home.concern.sun": "Daño solar",
  "home.concern.sun.text":
    "La piel apagada, irregular y castigada por el sol puede recuperar algo de claridad.",
  "home.concern.tone": "Tonos de piel",
  "home.concern.tone.text":
    "No se usa calor ni luz, así que es adecuada para la mayoría de los tonos de piel. Aun así, la piel más oscura tiene más riesgo de manchas oscuras después, por lo que la protección solar diaria es importante.",
  "home.wait.title": "Cuándo aplazamos o no podemos ofrecer el tratamiento",
  "home.wait.postpone":
    "Aplazamos el tratamiento durante el embarazo o la lactancia; con acné activo, eccema, psoriasis, una infección de la piel o un herpes labial en la zona; o si has tomado isotretinoína en pastillas en los últimos seis meses.",
  "home.wait.decline":
    "No podemos ofrecerlo si alguna vez has tenido un queloide (una cicatriz abultada que creció más allá de la herida), tienes un trastorno de la coagulación, eres alérgico al níquel o a las cremas anestésicas, o tienes cáncer de piel en la zona.",
  "home.wait.bloodThinner":
    "Si tomas un anticoagulante, o aspirina por el corazón, un médico tiene que dar su visto bueno antes. Nunca lo dejes por este tratamiento.",
  "home.wait.consult":
    "Tu profesional revisa tu salud en la consulta, para que nunca tengas que decidirlo tú solo.",
  "home.course.title": "Cómo es un tratamiento",
  "home.course.text":
    "El colágeno tarda en formarse, así que la micropunción se planifica como una serie, cada sesión {wmin}–{wmax} semanas después de la anterior.",
  "home.course.consultation": "Consulta",
  "home.course.consultation.text":
    "Una visita gratuita: vemos tu piel, repasamos tu salud y tus medicamentos, y acordamos un plan.",
  "home.course.preparation": "Preparación",
  "home.course.preparation.text":
    "Una lista con fechas para los días previos, como dejar las cremas con retinoides y los ácidos exfoliantes una semana antes.",
  "home.course.sessions": "Sesiones de tratamiento",
  "home.course.sessions.text":
    "Normalmente {min}–{max} sesiones. Primero la crema anestésica, después {nmin}–{nmax} minutos de micropunción, y luego un gel estéril de ácido hialurónico pensado para la piel recién tratada.",
  "home.course.aftercare": "Cuidados posteriores",
  "home.course.aftercare.text":
    "La rojez y la tirantez suelen desaparecer en pocos días. Cuidado suave de la piel, nada de maquillaje durante un día, nada de sol directo durante una semana y protector solar todos los días.",
  "home.course.results": "Resultados",
  "home.course.results.text":
    "El efecto completo se ve de 3 a 6 meses después de la última sesión y puede seguir mejorando hasta un año.",
  "home.start.title": "Empieza con una conversación",
  "home.start.text": "Las consultas son gratuitas y no te obligan a seguir adelante.",

  // Comparación
  "compare.title": "La micropunción comparada",
  "compare.intro":
    "En qué se diferencia la micropunción de otros tratamientos de la piel. Las cifras de la micropunción salen de las normas de tratamiento de esta clínica; las demás son rangos habituales que varían según la clínica y el producto.",
  "compare.row.depth": "Profundidad",
  "compare.row.mechanism": "Cómo funciona",
  "compare.row.downtime": "Recuperación",
  "compare.row.sessions": "Sesiones",
  "compare.row.suits": "Indicado para",
  "compare.row.skinTone": "Pieles más oscuras",
  "compare.row.cost": "Coste",
  "compare.microneedling.name": "Micropunción (en clínica)",
  "compare.microneedling.depth":
    "Hasta {scars} mm para cicatrices, unos {fineLines} mm para líneas finas, ajustada por zona",
  "compare.microneedling.mechanism":
    "Agujas finas hacen canales diminutos; la propia reparación de la piel forma colágeno nuevo. La superficie queda casi intacta.",
  "compare.microneedling.downtime":
    "Rojez durante unas {redness} horas; reserva {downtime} horas de descanso para la piel",
  "compare.microneedling.sessions":
    "{min}–{max} sesiones, con {wmin}–{wmax} semanas entre una y otra; más para cicatrices profundas",
  "compare.microneedling.suits": "Cicatrices de acné y de otro tipo, líneas finas, textura y poros, estrías",
  "compare.microneedling.skinTone":
    "No usa calor ni luz, así que es adecuada para la mayoría de los tonos de piel. Aun así, la piel más oscura tiene más riesgo de manchas oscuras después: la protección solar diaria es importante y tu profesional puede probar antes en una zona pequeña.",
  "compare.microneedling.cost": "Consulta nuestros precios",
  "compare.peel.name": "Peelings químicos",
  "compare.peel.depth":
    "Solo la superficie (peelings suaves) hasta las capas medias de la piel (peelings profundos)",
  "compare.peel.mechanism": "Un ácido elimina las capas externas para que piel nueva las sustituya",
  "compare.peel.downtime":
    "Nada o pocos días en los peelings suaves; una o dos semanas o más en los profundos",
  "compare.peel.sessions": "Peelings suaves en serie; un peeling profundo una sola vez",
  "compare.peel.suits": "Piel apagada, tono irregular, marcas leves; menos para cicatrices profundas",
  "compare.peel.skinTone":
    "Los peelings medios y profundos tienen más riesgo de manchas oscuras o claras en pieles más oscuras",
  "compare.peel.cost": "Los peelings suaves suelen costar menos por sesión; los profundos, más",
  "compare.laser.name": "Láser de rejuvenecimiento",
  "compare.laser.depth": "De la superficie a capas profundas, según el láser",
  "compare.laser.mechanism":
    "La energía de la luz calienta o elimina piel para estimular la renovación del colágeno",
  "compare.laser.downtime": "Días (no ablativo) a un par de semanas o más (ablativo)",
  "compare.laser.sessions": "Una (ablativo) a varias (no ablativo)",
  "compare.laser.suits": "Arrugas más profundas, cicatrices, daño solar",
  "compare.laser.skinTone": "Con muchos láseres, más riesgo de cambios de pigmento en pieles más oscuras",
  "compare.laser.cost": "Suele ser lo más caro por sesión",
  "compare.dermaplaning.name": "Dermaplaning",
  "compare.dermaplaning.depth": "Solo la superficie",
  "compare.dermaplaning.mechanism": "Una cuchilla retira células muertas y vello fino",
  "compare.dermaplaning.downtime": "Ninguna",
  "compare.dermaplaning.sessions": "Se repite cada pocas semanas",
  "compare.dermaplaning.suits": "Suavidad y luminosidad; no cambia las cicatrices ni el colágeno",
  "compare.dermaplaning.skinTone": "Poco riesgo en todos los tonos de piel",
  "compare.dermaplaning.cost": "Bajo por sesión",
  "compare.microdermabrasion.name": "Microdermoabrasión",
  "compare.microdermabrasion.depth": "Solo la superficie",
  "compare.microdermabrasion.mechanism": "Microcristales o una punta de diamante pulen la capa externa",
  "compare.microdermabrasion.downtime": "Nada a un día de rojez leve",
  "compare.microdermabrasion.sessions": "Una serie y después mantenimiento",
  "compare.microdermabrasion.suits": "Piel apagada y textura muy leve; no cicatrices profundas",
  "compare.microdermabrasion.skinTone": "Poco riesgo en todos los tonos de piel",
  "compare.microdermabrasion.cost": "Bajo a moderado por sesión",
  "compare.roller.name": "Rodillos para casa",
  "compare.roller.depth":
    "Muy poco profundos: suelen venderse como de unos {homeUse} mm o menos, una convención más que un límite que la investigación haya demostrado seguro",
  "compare.roller.mechanism":
    "Agujas cortas en un rodillo; demasiado superficiales para formar colágeno como lo hace el tratamiento en clínica",
  "compare.roller.downtime": "Nada a rojez leve",
  "compare.roller.sessions": "En casa, a menudo cada semana",
  "compare.roller.suits":
    "No para cicatrices. No uses un rodillo para hacer entrar cremas o sérums en la piel: los productos introducidos por los canales de las agujas pueden causar bultos duraderos (granulomas).",
  "compare.roller.skinTone":
    "Riesgo de infección e irritación si el rodillo no se mantiene limpio o se usa con demasiada fuerza",
  "compare.roller.cost": "El más bajo: el precio del aparato",
  "compare.note":
    "Afirmaciones como «sin riesgo de cambios de pigmentación» o rangos de precios exactos que se encuentran en internet no están respaldadas por las fuentes en las que se basan nuestras normas, así que no las repetimos.",

  // Preguntas frecuentes
  "faq.title": "Preguntas sobre la micropunción",
  "faq.intro":
    "Respuestas tomadas de las normas de tratamiento de esta clínica, con las fuentes en las que se basan.",
  "faq.what.q": "¿Qué es la micropunción?",
  "faq.what.a":
    "Un profesional pasa sobre la piel un bolígrafo con agujas muy finas y estériles. Los canales diminutos ponen en marcha la reparación de la propia piel, que forma colágeno nuevo durante los meses siguientes.",
  "faq.hurt.q": "¿Duele?",
  "faq.hurt.a":
    "Se aplica una crema anestésica {min}–{max} minutos antes de empezar, así que la mayoría de las personas solo nota presión o un ligero rasguño.",
  "faq.long.q": "¿Cuánto dura una sesión?",
  "faq.long.a":
    "La micropunción en sí dura {min}–{max} minutos; con la anestesia y los cuidados posteriores, cuenta con una hora y media aproximadamente.",
  "faq.downtime.q": "¿Hay tiempo de recuperación?",
  "faq.downtime.a":
    "Es normal una rojez como una quemadura solar leve. Suele desaparecer en {redness} horas y puede durar hasta {rednessUpTo} horas. Reserva {downtime} horas de descanso para la piel; la mayoría de las personas vuelve a su vida normal al día siguiente.",
  "faq.sessions.q": "¿Cuántas sesiones necesitaré?",
  "faq.sessions.a":
    "Para líneas, textura o manchas: {gmin}–{gmax} sesiones, con {wmin}–{wmax} semanas entre una y otra. Para cicatrices y estrías: {smin}–{smax}. Para cicatrices de acné profundas: {dmin}–{dmax}. Mantenimiento cada {mmin}–{mmax} meses.",
  "faq.results.q": "¿Cuándo veré resultados?",
  "faq.results.a":
    "El efecto completo se ve {fmin}–{fmax} días (unos 3 a 6 meses) después de la última sesión, y la piel puede seguir mejorando hasta {months} meses. Algunas personas notan luminosidad o un cambio en semanas, pero ningún estudio ha medido cuándo, así que no podemos prometerlo.",
  "faq.depth.q": "¿A qué profundidad llegan las agujas?",
  "faq.depth.a":
    "Unos {fineLines} mm para las líneas finas y hasta {scars} mm para las cicatrices, nunca más de {overall} mm, y nunca en los párpados.",
  "faq.makeup.q": "¿Puedo maquillarme después?",
  "faq.makeup.a":
    "No durante {makeUp} horas; después, el maquillaje mineral está bien. Evita el retinol, los ácidos y cualquier sol directo o calor durante {actives} horas (una semana).",
  "faq.pregnancy.q": "¿Es segura la micropunción durante el embarazo?",
  "faq.pregnancy.a":
    "Esperamos a que terminen el embarazo y la lactancia: el tratamiento se aplaza, no se rechaza.",
  "faq.avoid.q": "¿Quién no debería hacerse micropunción?",
  "faq.avoid.a":
    "Nuestras normas aplazan el tratamiento, piden antes el visto bueno de un médico o lo descartan en estos casos:",
  "faq.avoid.safety":
    "Nunca dejes un anticoagulante ni la aspirina para el corazón para poder tratarte: dejarlos puede provocar un ictus o un infarto.",
  "faq.avoid.action.defer-until": "aplazamos el tratamiento.",
  "faq.avoid.action.decline": "no podemos ofrecer la micropunción.",
  "faq.avoid.action.physician-clearance": "un médico tiene que dar su visto bueno antes del tratamiento.",
  "faq.avoid.CI-PREGNANCY": "Embarazo:",
  "faq.avoid.CI-BREASTFEEDING": "Lactancia:",
  "faq.avoid.CI-MINOR": "Menores de 18 años:",
  "faq.avoid.CI-KELOID":
    "Haber tenido alguna vez un queloide (una cicatriz abultada que creció más allá de la herida), en cualquier parte del cuerpo:",
  "faq.avoid.CI-SKIN-CANCER-AREA": "Cáncer de piel donde quieres el tratamiento:",
  "faq.avoid.CI-ALLERGY-STEEL-ANESTHETIC": "Alergia al níquel u otros metales, o a las cremas anestésicas:",
  "faq.avoid.CI-BLEEDING-DISORDER": "Un trastorno de la coagulación diagnosticado (por ejemplo, hemofilia):",
  "faq.avoid.CI-BLEEDING-TENDENCY": "Moratones fáciles o sangrado prolongado, sin diagnóstico:",
  "faq.avoid.CI-ANTITHROMBOTIC":
    "Tomar un anticoagulante, o aspirina por el corazón, un stent o después de un ictus, ahora o en la última semana. Nunca los dejes por tu cuenta; sigue tomándolos como te los recetaron:",
  "faq.avoid.CI-ISOTRETINOIN-6M":
    "Isotretinoína en pastillas (Roaccutan, Accutane), u otros retinoides en pastillas (acitretina, alitretinoína, bexaroteno), ahora o en los últimos 6 meses:",
  "faq.avoid.CI-RADIOTHERAPY-CURRENT": "Radioterapia en curso:",
  "faq.avoid.CI-RADIOTHERAPY-AREA": "Radioterapia en el pasado donde quieres el tratamiento:",
  "faq.avoid.CI-ACTIVE-ACNE": "Granos activos e inflamados donde quieres el tratamiento:",
  "faq.avoid.CI-PSORIASIS-ACTIVE": "Un brote de psoriasis donde quieres el tratamiento:",
  "faq.avoid.CI-ECZEMA-MOD-SEVERE": "Eccema moderado o grave donde quieres el tratamiento:",
  "faq.avoid.CI-ROSACEA-SEVERE": "Rosácea grave o en brote donde quieres el tratamiento:",
  "faq.avoid.CI-OPEN-WOUND": "Un corte, una llaga o la piel abierta donde quieres el tratamiento:",
  "faq.avoid.CI-SKIN-INFECTION": "Una infección de la piel o verrugas donde quieres el tratamiento:",
  "faq.avoid.CI-HSV-ACTIVE": "Un herpes labial ahora, cuando se va a tratar la cara:",
  "faq.avoid.other": "Otro motivo que te explicará tu profesional:",
  "faq.skinTypes.q": "¿Se puede hacer en todos los tipos de piel?",
  "faq.skinTypes.a":
    "Sí, con cuidado. La piel más oscura (tipos IV a VI) tiene más riesgo de manchas oscuras después del tratamiento. La protección solar diaria es imprescindible, y tu profesional puede probar antes en una zona pequeña.",
  "faq.home.q": "¿Qué diferencia hay entre la micropunción profesional y la de casa?",
  "faq.home.a":
    "Los rodillos para casa suelen venderse con unos {homeUse} mm o menos. Esa cifra es una convención, no un límite que la investigación haya demostrado seguro. No forman colágeno como el tratamiento en clínica, y hacer entrar cremas o sérums por los canales diminutos puede causar bultos duraderos (granulomas). El tratamiento en clínica usa agujas estériles de un solo uso, a una profundidad ajustada a cada zona.",
  "faq.infection.q": "¿Puede la micropunción causar una infección u otros problemas?",
  "faq.infection.a":
    "Los problemas son poco frecuentes. En los primeros días, llámanos si el dolor empeora, si hay pus, fiebre, ampollas o un herpes labial. Semanas o meses después, llámanos si aparecen bultos que no desaparecen o manchas oscuras. Nuestro portal te pregunta cómo estás el día 1, el día 3 y a la semana, y mantiene estas señales de alarma a la vista durante todo tu tratamiento y tres meses después.",
  "faq.selfCheckLink": "Comprueba si es para ti",

  // Precios
  "prices.title": "Precios",
  "prices.intro":
    "Lo que cuesta una visita en {clinic}. El precio total de tu plan se acuerda en la consulta.",
  "prices.free": "Gratis",
  "prices.minutes.one": "{n} minuto",
  "prices.minutes.other": "{n} minutos",
  "prices.kind.consultation": "Consulta",
  "prices.kind.microneedling": "Tratamiento",
  "prices.kind.review": "Revisión",
  "prices.none": "Los precios aún no están publicados. Pregunta en la clínica.",
  "prices.course": "Un tratamiento suele ser de {min}–{max} sesiones.",

  // Acceso con enlace
  "link.title": "Entrar con un enlace",
  "link.intro": "Escribe el correo electrónico que diste a la clínica. Te enviaremos un enlace para entrar.",
  "link.email": "Correo electrónico",
  "link.send": "Enviarme un enlace",
  "link.sent":
    "Si esta dirección pertenece a una cuenta de paciente, el enlace está en camino. Sirve una vez y caduca en {minutes} minutos. Si no llega, mira en la carpeta de correo no deseado.",
  "link.or": "O entra con tu contraseña",
  "link.usePassword": "Entrar con contraseña",
  "link.useLink": "Enviarme un enlace para entrar",
  "link.open.title": "Te estamos dando acceso",
  "link.open.text": "Pulsa el botón para entrar en tu portal de paciente.",
  "link.open.button": "Entrar",
  "link.open.missing":
    "Esta página necesita el enlace completo de tu correo. Abre el enlace de nuevo o pide uno nuevo.",
  "link.open.again": "Pedir un enlace nuevo",

  // Navegación del portal
  "portal.nav.home": "Mis citas",
  "portal.nav.plan": "Mi plan",
  "portal.nav.aftercare": "Cuidados",
  "portal.nav.inbox": "Cómo estoy",

  // Plan
  "plan.title": "Mi plan",
  "plan.none": "Todavía no tienes un plan de tratamiento. Se hace en tu consulta.",
  "plan.progress": "Sesión {done} de {total}",
  "plan.concerns": "Tratamiento para: {concerns}",
  "plan.price": "Precio del plan: {price}",
  "plan.proposed": "Propuesto: aún no aceptado",
  "plan.nextWindow": "Próxima sesión entre el {from} y el {to}",
  "plan.complete":
    "Has terminado el tratamiento. La clínica puede proponerte una sesión de mantenimiento cada {months} meses.",
  "plan.upcoming": "Próximas citas",
  "plan.noUpcoming": "No hay citas reservadas.",
  "plan.bookNext": "Reservar mi próxima sesión",
  "plan.addToCalendar": "Añadir al calendario",
  "plan.prep.title": "Preparación para el {date}",
  "plan.prep.intro":
    "Marca cada punto cuando lo hayas hecho. Las fechas se cuentan hacia atrás desde tu sesión.",
  "plan.prep.tooLate": "Ya es tarde para hacerlo completo: llama a la clínica, por favor.",
  "plan.prep.clearance":
    "Un médico tiene que dar su visto bueno antes de esta sesión; la clínica contactará con quien te lo recetó.",
  "plan.prep.none":
    "Aún no hay ninguna sesión reservada: tu lista de preparación aparecerá aquí cuando la haya.",
  "prep.stop": "Deja {names}.",
  "prep.askPrescriber":
    "{names}: te lo recetó un médico, así que pregúntale antes de dejarlo. Si te dice que sigas tomándolo, díselo a la clínica.",
  "prep.keep": "{names}: sigue tomándolo.",
  "prep.PREP-NSAID-STOP":
    "Deja el ibuprofeno, el naproxeno y otros analgésicos antiinflamatorios, y la aspirina que tomas de vez en cuando para el dolor, {min}–{max} días antes de tu sesión. Nunca dejes la aspirina ni un anticoagulante que tomes por el corazón, un stent, un ictus o un coágulo.",
  "prep.PREP-TOPICAL-RETINOID-STOP":
    "Deja el retinol, la tretinoína y otras cremas con retinoides, y los productos con ácidos o exfoliantes, {max} días antes de tu sesión.",
  "prep.PREP-UV-EXPOSURE":
    "No tomes el sol ni te broncees (tampoco con rayos UVA) durante los {max} días anteriores a tu sesión. Te cambiaremos la cita si llegas quemado por el sol o recién bronceado.",
  "prep.PREP-ANTITHROMBOTIC-DO-NOT-STOP":
    "Sigue tomando tu anticoagulante o la aspirina para el corazón exactamente como te lo recetaron. No lo dejes por este tratamiento. Contactaremos con tu médico antes de tu sesión.",
  "prep.PREP-HSV-PROPHYLAXIS":
    "Has tenido calenturas antes. Pregunta al médico que te receta si debes tomar un antiviral, empezando 1–2 días antes de tu sesión.",
  "prep.PREP-ARRIVE-CLEAN":
    "Ven con la piel limpia y sin maquillaje. Cuéntanos todos tus medicamentos y suplementos.",
  "plan.forms.title": "Formularios pendientes",
  "plan.forms.intake": "Cuestionario de salud",
  "plan.forms.consent": "Consentimiento para el tratamiento",
  "plan.forms.photoConsent": "Consentimiento para las fotografías",
  "plan.forms.done": "Hecho",
  "plan.forms.todo": "Pendiente",
  "plan.forms.open": "Rellenarlo",
  "plan.forms.atClinic": "Firmado con nosotros en la clínica",

  // Cuidados posteriores
  "aftercare.title": "Cuidados",
  "aftercare.none": "Tus cuidados aparecerán aquí después de tu primera sesión.",
  "aftercare.session": "Sesión {n} del {date}",
  "aftercare.now": "Ahora",
  "aftercare.next": "Después: {label} ({when})",
  "aftercare.do": "Qué hacer",
  "aftercare.expect": "Qué esperar",
  "aftercare.callIf": "Llama a la clínica si",
  "aftercare.timeline": "Calendario",
  "aftercare.chart.title": "Curación y resultados",
  "aftercare.chart.desc":
    "Fases de la curación después de cada sesión y cuándo se esperan resultados, con una marca para hoy.",
  "aftercare.chart.youAreHere": "Estás aquí",
  "aftercare.chart.phase.inflammation": "Inflamación",
  "aftercare.chart.phase.proliferation": "Colágeno nuevo",
  "aftercare.chart.phase.remodeling": "Remodelación",
  "aftercare.chart.milestone.RES-GLOW": "Luminosidad",
  "aftercare.chart.milestone.RES-VISIBLE": "Cambio visible",
  "aftercare.chart.milestone.RES-FULL": "Efecto completo",
  "aftercare.checkIn": "Cuéntanos: ¿cómo está tu piel?",
  "aftercare.beforeEnd": "Tu sesión aún no ha terminado.",
  "aftercare.elapsed.minutes.one": "{n} minuto después de tu sesión",
  "aftercare.elapsed.minutes.other": "{n} minutos después de tu sesión",
  "aftercare.elapsed.hours.one": "{n} hora después de tu sesión",
  "aftercare.elapsed.hours.other": "{n} horas después de tu sesión",
  "aftercare.elapsed.days.one": "{n} día después de tu sesión",
  "aftercare.elapsed.days.other": "{n} días después de tu sesión",
  "aftercare.elapsed.weeks.one": "{n} semana después de tu sesión",
  "aftercare.elapsed.weeks.other": "{n} semanas después de tu sesión",
  "aftercare.endOfSession": "Final de tu sesión",
  "aftercare.late.title": "Llama a la clínica, incluso semanas o meses después, si",
  "aftercare.late.text":
    "aparecen bultos que no desaparecen o salen manchas oscuras. Pueden aparecer semanas o meses después de una sesión y un profesional tiene que verlos. Esto se queda aquí durante todo tu tratamiento y tres meses después de tu última sesión.",
  "aftercare.advice.AC-ERYTHEMA-EXPECTED":
    "Es normal tener rojez como una quemadura solar leve, algo de hinchazón, tirantez y puntitos de sangre. Suelen desaparecer en 24–48 horas y pueden durar hasta 72 horas.",
  "aftercare.advice.AC-DOWNTIME":
    "Deja descansar la piel 48–72 horas; la mayoría de las personas vuelve a su vida normal al día siguiente.",
  "aftercare.advice.AC-NO-MAKEUP":
    "Nada de maquillaje durante 24 horas; después, el maquillaje mineral está bien.",
  "aftercare.advice.AC-NO-SWEAT-EXERCISE":
    "Nada de ejercicio intenso, sudar, sauna ni piscina durante 24 horas.",
  "aftercare.advice.AC-GENTLE-SKINCARE":
    "Usa solo un limpiador suave y una crema hidratante sencilla (o el gel que te dio la clínica). No te toques ni frotes.",
  "aftercare.advice.AC-NO-ACTIVES":
    "Nada de retinol ni otros retinoides, ácidos (AHA/BHA), exfoliantes u otros productos fuertes durante 7 días.",
  "aftercare.advice.AC-NO-SUN": "Evita el sol directo y el calor durante 7 días.",
  "aftercare.advice.AC-SPF-DAILY":
    "Desde mañana, usa todos los días un protector solar de amplio espectro. Es aún más importante en la piel más oscura, que se mancha con más facilidad.",
  "aftercare.advice.AC-RESUME-ROUTINE":
    "A los 7 días, si tu piel está tranquila, puedes volver a tu rutina habitual, retinoides incluidos.",
  "aftercare.advice.AC-WARNING-SIGNS":
    "Llama a la clínica si el dolor empeora, si hay pus, fiebre, ampollas o un herpes labial, bultos que no desaparecen o manchas oscuras.",
  "aftercare.advice.AC-NEXT-SESSION": "Tu próxima sesión toca 4–6 semanas después de esta.",
  "aftercare.checkInDone": "Gracias, ya nos has contado cómo estás ({point}).",

  // Cómo estoy
  "checkIn.title": "¿Cómo está tu piel?",
  "checkIn.point.day-1": "Día 1",
  "checkIn.point.day-3": "Día 3",
  "checkIn.point.week-1": "Semana 1",
  "checkIn.redness": "Rojez",
  "checkIn.swelling": "Hinchazón",
  "checkIn.pain": "Dolor, de 0 (nada) a 10 (el peor): {n}",
  "checkIn.painIncreasing": "El dolor va a peor",
  "checkIn.warmthOrPus": "La piel está caliente al tocarla, o hay pus (líquido amarillo o verde)",
  "checkIn.fever": "Tengo fiebre o me siento febril",
  "checkIn.blistersOrColdSore": "Ampollas o un herpes labial",
  "checkIn.bumpsOrDarkPatches": "Bultos nuevos que no desaparecen, o manchas oscuras",
  "checkIn.send": "Enviar",
  "checkIn.closed": "Ya no se puede responder por esta sesión. Si algo te preocupa, llama a la clínica.",
  "checkIn.result.red-flag": "Llama a la clínica ahora",
  "checkIn.result.red-flag.text":
    "Algunas de tus respuestas pueden ser señal de un problema que un profesional debe ver hoy. Hemos avisado a la clínica; llámales ahora, por favor.",
  "checkIn.result.red-flag.emergency":
    "Si te encuentras muy mal, tienes fiebre alta o la hinchazón se extiende rápido, llama a urgencias.",
  "checkIn.result.watch": "Vigílalo",
  "checkIn.result.watch.text":
    "Esto va un poco más allá de lo habitual. La clínica verá tus respuestas. Llámales si empeora.",
  "checkIn.result.expected": "Es la evolución esperada",
  "checkIn.result.expected.text": "Lo que describes es normal en esta fase:",
  "checkIn.flag.warmth-or-pus": "El calor o el pus pueden ser señal de infección.",
  "checkIn.flag.fever": "La fiebre puede ser señal de infección.",
  "checkIn.flag.blisters-or-cold-sore":
    "Las ampollas o un herpes labial pueden necesitar un antiviral pronto.",
  "checkIn.flag.bumps-or-dark-patches":
    "Los bultos que no desaparecen o las manchas oscuras tiene que verlos un profesional.",
  "checkIn.flag.pain-increasing": "No es de esperar que el dolor aumente después de una sesión.",
  "checkIn.flag.pain-severe": "No es de esperar un dolor fuerte.",
  "checkIn.flag.pain-persisting": "El dolor en esta fase es más de lo habitual.",
  "checkIn.flag.redness-severe": "No es de esperar una rojez intensa.",
  "checkIn.flag.redness-persisting": "La rojez suele desaparecer antes.",
  "checkIn.flag.swelling-severe": "No es de esperar una hinchazón intensa.",
  "checkIn.flag.swelling-persisting": "La hinchazón suele bajar antes.",
  "checkIn.call": "Llamar al {phone}",

  // Cómo estoy: la foto opcional
  "checkIn.photo.label": "Añadir una foto (opcional)",
  "checkIn.photo.help":
    "Una foto de la zona tratada con luz natural. Se quitan la ubicación y los datos de la cámara antes de guardarla. Solo la ve tu clínica.",
  "checkIn.photo.chosen": "Foto que se enviará: {name}",
  "checkIn.photo.remove": "Quitar la foto",
  "checkIn.photo.tooLarge":
    "Esta foto es demasiado grande para enviarla. Elige una más pequeña, o envía sin ella.",
  "checkIn.photo.noConsent":
    "Podrás añadir una foto cuando hayas firmado el consentimiento para las fotografías. Puedes enviar tus respuestas sin ella.",
  "checkIn.photo.signConsent": "Firmar el consentimiento para las fotos",
  "checkIn.photo.sent": "Tu foto se ha enviado a la clínica con tus respuestas.",
  "checkIn.photo.notStored":
    "Tus respuestas se han enviado, pero la foto no: no hay un consentimiento vigente para las fotografías.",
  "checkIn.photo.notStoredStore":
    "Tus respuestas se han enviado, pero ahora mismo no se ha podido guardar la foto. Si es importante, enséñasela a la clínica cuando te llamen.",
  "checkIn.photo.refused": "No se ha podido usar la foto: {reason} Tus respuestas aún no se han enviado.",
  "checkIn.photo.sendWithout": "Enviar sin la foto",
  "checkIn.photo.yours": "La foto que enviaste",

  // Reserva: lo que trajo la autoevaluación
  "booking.selfCheck.title": "De tu autoevaluación",
  "booking.selfCheck.concerns": "Te gustaría tratar: {concerns}",
  "booking.selfCheck.areas": "Dónde: {areas}",
  "booking.selfCheck.stillBook":
    "Aun así puedes reservar una consulta: un profesional lo hablará contigo y te propondrá qué podría ayudarte.",
  "booking.selfCheck.notSent":
    "Las respuestas de tu autoevaluación se quedan en este teléfono y no se envían con la reserva. Coméntalas en tu consulta, por favor.",
  "booking.selfCheck.redo": "Hacer de nuevo la autoevaluación",

  // Portal: progreso
  "portal.nav.progress": "Progreso",
  "progress.title": "Mi progreso",
  "progress.intro": "Tus propias fotos a lo largo del tratamiento y cómo valoras tú tu piel.",
  "progress.photos.title": "Mis fotos",
  "progress.photos.view": "Ángulo",
  "progress.photos.empty": "Aún no hay fotos",
  "progress.photos.emptyText":
    "La clínica hace fotos en tus sesiones. Aquí solo se muestran las fotos que aceptaste en tu consentimiento para las fotografías.",
  "progress.photos.alt": "Foto {view}, {date}",
  "progress.photos.count": "{count} fotos de este ángulo, de la más antigua a la más reciente",
  "progress.view.front": "De frente",
  "progress.view.left-45": "Izquierda 45°",
  "progress.view.right-45": "Derecha 45°",
  "progress.view.left-90": "Perfil izquierdo",
  "progress.view.right-90": "Perfil derecho",
  "progress.ratings.title": "Mis valoraciones",
  "progress.ratings.empty": "Aún no hay valoraciones",
  "progress.ratings.emptyText":
    "Valora tu piel aquí abajo de vez en cuando para ver cómo cambia a lo largo del tratamiento.",
  "progress.ratings.noPlan": "Podrás valorar tu piel cuando tengas un plan de tratamiento.",
  "progress.ratings.latest": "Última: {value} el {date}",
  "progress.ratings.better": "Mejor que tu primera valoración",
  "progress.ratings.worse": "Peor que tu primera valoración",
  "progress.ratings.same": "Más o menos igual que tu primera valoración",
  "progress.ratings.chart": "{scale}: tus valoraciones a lo largo del tiempo",
  "progress.rate.title": "Valora tu piel hoy",
  "progress.rate.scale": "Qué valorar",
  "progress.rate.value": "Tu valoración",
  "progress.rate.range": "De {min} a {max}",
  "progress.rate.save": "Guardar mi valoración",
  "progress.rate.saved": "Guardado. Gracias.",

  // Reserva: enviar la autoevaluación
  "booking.selfCheck.send": "Enviar estas respuestas a la clínica con mi reserva",
  "booking.selfCheck.sendHelp":
    "La clínica las verá antes de tu consulta. Son tus propias respuestas: un profesional lo revisará todo contigo.",
  "booking.selfCheck.willSend":
    "Las respuestas y el resultado de tu autoevaluación se enviarán con tu reserva. Desmarca la casilla para que se queden en este teléfono.",

  // Portal: reservar, cambiar y pendientes
  "portalBook.title": "Reservar una visita",
  "portalBook.back": "Volver a mis citas",
  "portalBook.intro":
    "Una consulta, o tu próxima sesión cuando tu plan lo permita. Solo se muestran las horas que encajan, en el horario de la clínica.",
  "portalBook.what": "Qué reservar",
  "portalBook.loadFailed": "No se pudo cargar la reserva",
  "portalBook.loading": "Cargando…",
  "portalBook.booked": "Reservada",
  "portalBook.addToCalendar": "Añadir al calendario",
  "portalBook.timesFailed": "No se pudieron cargar las horas libres",
  "portalBook.finding": "Buscando horas libres…",
  "portalBook.blocked": "Contacta con la clínica antes de reservar, por favor",
  "portalBook.chooseTime": "Elige una hora",
  "portalBook.chooseDay": "Elige un día",
  "portalBook.span": "Horas libres del {from} al {to}.",
  "portalBook.noneInSpan":
    "No hay horas libres en estas dos semanas. Prueba fechas posteriores o llama a la clínica.",
  "portalBook.earlier": "Fechas anteriores",
  "portalBook.later": "Fechas posteriores",
  "portalBook.sessions": "Sesiones a reservar",
  "portalBook.weeksBetween": "Semanas entre sesiones",
  "portalBook.bookSessions": "Reservar {count} sesiones",
  "portalBook.bookThis": "Reservar esta hora",
  "portalBook.warn.tooSoonForPrep": "Demasiado pronto para seguir todos los pasos de preparación",
  "portalBook.warn.pastSeriesInterval": "Más tarde que el intervalo del plan",
  "plan.noneOnline":
    "Has tenido {done} sesiones de tratamiento con nosotros. Tu clínica aún no ha añadido tu plan de tratamiento al portal: pregunta en tu próxima visita.",
  "plan.forms.update": "Actualizar",
  "plan.forms.sign": "Firmarlo",
  "aftercare.notWrittenUp":
    "Tu guía de cuidados aparecerá aquí cuando tu profesional haya registrado tu sesión. Si te preocupa tu piel, llama a la clínica.",
  "portal.home.book": "Reservar una visita",
  "portal.home.todo": "Pendiente",
  "portal.home.acceptPlan": "Tu plan de tratamiento está listo: léelo y acéptalo",
  "portal.home.signConsent": "Firma tu formulario de consentimiento",
  "portal.home.intake": "Rellena tu cuestionario de salud",
  "portal.home.updateIntake": "Actualiza tu cuestionario de salud (medicamentos nuevos o cambios de salud)",
  "portal.home.nothingBooked": "No tienes nada reservado ahora mismo",
  "portal.home.nothingBookedText": "Reserva una consulta, o tu próxima sesión cuando tu plan lo permita.",
  "portal.change.move": "Cambiar",
  "portal.change.cancel": "Anular",
  "portal.change.moveTitle": "Elige una hora nueva",
  "portal.change.noTimes": "No hay otras horas libres pronto. Llama a la clínica, por favor.",
  "portal.change.confirmMove": "Cambiar a {when}",
  "portal.change.cancelAsk": "¿Anular esta visita?",
  "portal.change.cancelYes": "Sí, anularla",
  "portal.change.keep": "Mantenerla",
  "portal.change.moved": "Cambiada a {when}.",
  "portal.change.cancelled": "Tu visita está anulada.",
  "portal.change.callUs": "Para cambiarla ahora, llama a la clínica al {phone}.",
  "portal.change.insideNotice": "Las visitas que faltan menos de {hours} horas se cambian por teléfono.",
  "portal.change.tooLate": "Esta visita ya está demasiado cerca para cambiarla en línea.",
  "book.linkSent.title": "Mira tu correo",
  "book.linkSent.text":
    "Hemos enviado un enlace para entrar a {email}. Ábrelo para terminar la reserva en tu portal de paciente.",
  "book.linkSent.why":
    "Reservar en tu portal mantiene juntas tus visitas, formularios y plan. El enlace sirve una vez y caduca en 15 minutos.",
  "checkIn.result.red-flag.closedTitle": "La clínica está cerrada ahora",
  "checkIn.result.red-flag.closedText":
    "Algunas de tus respuestas pueden ser señal de un problema que un profesional debe ver pronto. Hemos avisado a la clínica y te contactarán cuando abran. Mientras tanto, esto es lo que aconseja la clínica:",
  "nav.menu": "Menú",
  "portal.account.link": "Mi cuenta",
  // Cuestionario de salud: dónde, cuánto, cuándo, medicamentos
  "intake.where.label": "¿Dónde está?",
  "intake.where.help":
    "Marca cada zona en la que está o cerca de la cual está. Si no estás seguro, marca No estoy seguro.",
  "intake.where.elsewhere": "En otra parte del cuerpo",
  "intake.where.notSure": "No estoy seguro",
  "intake.severity.label": "¿Cómo está ahora?",
  "intake.severity.choose": "Elige una opción",
  "intake.severity.mild": "Leve: unas pocas zonas pequeñas",
  "intake.severity.moderate": "Moderado: zonas claras que me molestan",
  "intake.severity.severe": "Grave: zonas grandes, dolorosas o que se extienden",
  "intake.onset": "¿Cuándo empezó? (si lo sabes)",
  "intake.onset.required": "¿Cuándo empezó?",
  "intake.resolved": "¿Cuándo se curó?",
  "intake.site": "Algo más sobre esto (opcional)",
  "intake.condition.row": "Problema de salud {n}",
  "intake.condition.remove": "Quitar el problema de salud {n}",
  "intake.medicine.row": "Medicamento {n}",
  "intake.medicine.remove": "Quitar el medicamento {n}",
  "intake.route.label": "¿Cómo lo tomas?",
  "intake.route.oral": "Por la boca (pastilla, jarabe)",
  "intake.route.topical": "Sobre la piel (crema, gel)",
  "intake.route.subcutaneous": "Inyección bajo la piel",
  "intake.route.intravenous": "Gotero o inyección en la vena",
  "intake.deliveryDate": "Si has tenido un bebé en los últimos 12 meses: la fecha del parto",
  "intake.deliveryDate.help": "Déjalo vacío si no.",
  "intake.fromSelfCheck":
    "Rellenado con las respuestas que diste al reservar. Revisa cada una y añade lo que falte.",
  // Portal: mis citas y entrada
  "portal.appts.title": "Mis citas",
  "portal.appts.hello": "Hola, {name}",
  "portal.appts.clock": "Las horas se muestran con el reloj de la clínica.",
  "portal.appts.loadFailed": "No se han podido cargar tus citas",
  "portal.appts.loading": "Cargando tus citas…",
  "portal.appts.upcoming": "Próximas",
  "portal.appts.past": "Anteriores",
  "portal.appts.pastEmpty": "Aquí aparecerán tus visitas anteriores.",
  "portal.signIn.area": "Portal del paciente",
  "portal.signIn.title": "Entrar",
  "portal.signIn.intro": "Consulta tus próximas citas y tu tratamiento.",
  "portal.signIn.noAccount": "¿Aún no tienes cuenta?",
  "portal.signIn.orCall": "o llama al {phone}.",
  "portal.signIn.staff": "Personal de la clínica:",
  "portal.signIn.staffLink": "entrada del personal",
  "portal.signIn.expired": "Tu sesión ha terminado. Vuelve a entrar.",
  // Consentimientos y cuestionario de salud (portal): firmar, el PDF firmado, los textos del cuestionario
  "consent.title": "Consentimientos",
  "consent.intro":
    "Lee cada formulario, escribe tu nombre y firma. Antes puedes preguntar a la clínica lo que quieras.",
  "consent.loading": "Cargando los consentimientos…",
  "consent.loadFailed": "No se han podido cargar los consentimientos",
  "consent.why.none": "Aún sin firmar",
  "consent.why.outdated-version":
    "El formulario ha cambiado desde que lo firmaste: firma la nueva versión, por favor",
  "consent.why.expired": "Firmado hace más de 12 meses: vuelve a firmarlo, por favor",
  "consent.signedUntil": "Firmado · válido hasta el {date}",
  "consent.version": "Versión {version}",
  "consent.chose.marketing": "elegiste: historia clínica y publicidad",
  "consent.chose.clinical": "elegiste: solo historia clínica",
  "consent.textOf": "Texto de {title}",
  "consent.scope.label": "¿Cómo se pueden usar las fotografías?",
  "consent.scope.clinical": "Solo en la historia clínica",
  "consent.scope.marketing": "En la historia clínica y en la publicidad de la clínica (sin mi nombre)",
  "consent.fullName": "Nombre completo",
  "consent.signature": "Firma",
  "consent.sign": "Firmar el consentimiento",
  "consent.signPhoto": "Firmar el de fotografías",
  "consent.error.name": "Escribe tu nombre completo.",
  "consent.error.signature": "Firma en el recuadro (o usa «Firmar con mi nombre escrito»).",
  "consent.error.scope": "Elige cómo se pueden usar las fotografías.",
  "consent.pdf": "Abrir el formulario firmado (PDF)",
  "consent.pad.hint":
    "Firma con el dedo, un lápiz táctil o el ratón. O escribe tu nombre completo en el formulario y usa «Firmar con mi nombre escrito».",
  "consent.pad.typed": "Firmar con mi nombre escrito",
  "consent.pad.clear": "Borrar la firma",
  "intake.title": "Cuestionario de salud",
  "intake.loadFailed": "No se ha podido cargar el cuestionario",
  "intake.intro": "Contesta, por favor, antes de tu consulta.",
  "intake.introLast": "Tus últimas respuestas ya están puestas: revisa lo que haya cambiado.",
  "intake.saved": "Gracias: tus respuestas están guardadas (versión {version}).",
  "intake.pregnant": "¿Estás embarazada?",
  "intake.breastfeeding": "¿Estás dando el pecho?",
  "intake.yes": "Sí",
  "intake.no": "No",
  "intake.skinType": "Tu tipo de piel",
  "intake.skinType.help": "Elige la frase que mejor describe cómo reacciona tu piel al sol.",
  "intake.skinType.option": "Tipo {type}: {description}",
  "intake.conditions": "Problemas de la piel",
  "intake.condition": "Problema",
  "intake.condition.now": "Ahora",
  "intake.condition.active": "Lo tengo ahora",
  "intake.condition.resolved": "Ya se curó",
  "intake.condition.history": "Lo tuve en el pasado",
  "intake.condition.add": "Añadir un problema de la piel",
  "intake.keloids": "He tenido cicatrices queloides",
  "intake.coldSores": "Me salen calenturas (herpes labial)",
  "intake.medicines": "Medicamentos y productos para la piel",
  "intake.medicine.name": "Nombre",
  "intake.medicine.lastTaken": "Última vez que lo tomaste (vacío si aún lo tomas)",
  "intake.medicine.prescribed": "Recetado por un médico",
  "intake.medicine.add": "Añadir un medicamento",
  "intake.medicine.never":
    "No dejes nunca un medicamento que te recetó tu médico por este tratamiento: cuéntanoslo y te aconsejaremos.",
  "intake.concerns": "¿Qué te gustaría tratar?",
  "intake.submit": "Enviar mis respuestas",

  // Página pública de reserva: los pasos, el formulario de datos, la reserva hecha
  "book.notice.taken": "Alguien acaba de reservar esa hora. Elige otra, por favor.",
  "book.notice.expired": "No hemos podido guardarte la hora más tiempo.",
  "book.notice.title": "Vuelve a elegir, por favor",
  "book.review.title": "Revisa y confirma",
  "book.review.for": "Para {name} ({email}). Te guardamos esta hora hasta las {time}.",
  "book.review.confirm": "Confirmar la reserva",
  "book.review.change": "Cambiar los datos",
  "book.when.title": "1. Elige una hora",
  "book.when.type": "{type}, {minutes} minutos. Las horas son las del reloj de la clínica.",
  "book.when.typeFree": "{type}, {minutes} minutos, gratis. Las horas son las del reloj de la clínica.",
  "book.when.retry": "Reintentar",
  "book.when.none": "No hay horas libres en este periodo. Llámanos, por favor.",
  "book.when.days": "Día",
  "book.when.later": "Fechas posteriores",
  "book.who.title": "2. Tus datos",
  "book.who.when": "{date} a las {time}",
  "book.who.givenName": "Nombre",
  "book.who.familyName": "Apellidos",
  "book.who.email": "Correo electrónico",
  "book.who.phone": "Teléfono",
  "book.who.dateOfBirth": "Fecha de nacimiento",
  "book.who.continue": "Continuar",
  "book.done.title": "Tu cita está reservada",
  "book.done.text": "{type}: {when} en {location}. Te hemos enviado una confirmación a {email}.",
  "book.done.calendar": "Añadir al calendario",
  "book.account.ready": "Tu cuenta está lista",
  "book.account.readyText":
    "Entra con {email} para ver tus citas y rellenar tus preguntas de salud antes de la visita.",
  "book.account.signIn": "Entrar",
  "book.account.title": "Pon una contraseña a tu cuenta",
  "book.account.text":
    "Hemos creado una cuenta para {email}. Con una contraseña puedes ver y cambiar tu reserva.",
  "book.account.password": "Nueva contraseña",
  "book.account.passwordHelp": "Al menos 10 caracteres",
  "book.account.save": "Guardar la contraseña",
  "intake.zone.forehead": "Frente",
  "intake.zone.periorbital": "Alrededor de los ojos (patas de gallo, debajo de los ojos)",
  "intake.zone.cheeks": "Mejillas",
  "intake.zone.nose": "Nariz",
  "intake.zone.perioral": "Alrededor de la boca y labio superior",
  "intake.zone.chin-jawline": "Barbilla y mandíbula",
  "intake.zone.neck": "Cuello",
  "intake.zone.scalp": "Cuero cabelludo",
  "intake.zone.body": "Cuerpo (pecho, brazos, piernas, tripa)",
  "intake.conditionName.acne-vulgaris": "Acné (granos)",
  "intake.conditionName.psoriasis": "Psoriasis",
  "intake.conditionName.eczema-dermatitis": "Eccema o dermatitis",
  "intake.conditionName.rosacea": "Rosácea",
  "intake.conditionName.herpes-labialis": "Calenturas (herpes labial)",
  "intake.conditionName.skin-infection": "Una infección de la piel (por ejemplo impétigo, verrugas u hongos)",
  "intake.conditionName.open-wound": "Un corte, una llaga o la piel abierta",
  "intake.conditionName.keloid": "Un queloide (una cicatriz abultada que creció más allá de la herida)",
  "intake.conditionName.radiotherapy": "Radioterapia",
  "intake.conditionName.bleeding-disorder":
    "Un trastorno de la coagulación diagnosticado (por ejemplo hemofilia)",
  "intake.conditionName.bleeding-tendency": "Moratones con facilidad o sangrado que dura mucho",
  "intake.conditionName.skin-cancer": "Cáncer de piel",
  "intake.conditionName.allergy-stainless-steel": "Alergia al níquel (bisutería, hebillas)",
  "intake.conditionName.allergy-local-anesthetic": "Alergia a las cremas anestésicas o a la anestesia local",
  "intake.conditionName.uv-exposure": "Quemadura solar o bronceado (sol o rayos UVA)",
  "book.page.title": "Reservar una consulta",
  "book.page.docTitle": "Reservar una consulta · {name}",
  "book.page.back": "Volver a la página de inicio",
  "book.page.contact": "Contacta con {name}",
  "book.page.orEmail": "o escribe a",
  "book.page.email": "Escribe a",
  "book.page.askReception": "Pregunta, por favor, en la recepción de la clínica.",
  "book.page.contactFailed":
    "No se han podido cargar los datos de contacto de la clínica. Vuelve a intentarlo en un momento.",
  "book.page.what": "Qué pasa en una consulta",
  "book.page.what1": "Miramos tu piel y hablamos de lo que te gustaría cambiar.",
  "book.page.what2": "Repasamos tu salud, tus medicamentos y los tratamientos recientes.",
  "book.page.what3":
    "Si la micropunción es adecuada para ti, te vas con un plan, un precio y la fecha de tu primera sesión.",
};

// Every English message in one object, for the checks that hold the catalogues together (the app
// itself loads each part with the code that reads it).
import { en } from "./en.ts";
import { enApp } from "./en-app.ts";
import { enBook } from "./en-book.ts";
import { enCompare } from "./en-compare.ts";
import { enDateField } from "./en-date-field.ts";
import { enFaq } from "./en-faq.ts";
import { enHome } from "./en-home.ts";

export const allEnglish = { ...en, ...enApp, ...enHome, ...enCompare, ...enFaq, ...enBook, ...enDateField };

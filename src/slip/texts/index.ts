import { ar } from './ar.js';
import { bn } from './bn.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { pa } from './pa.js';
import { ro } from './ro.js';
import { sq } from './sq.js';
import { ti } from './ti.js';
import type { SlipTexts } from './types.js';
import { uk } from './uk.js';
import { ur } from './ur.js';
import { zh } from './zh.js';

export type { SlipTexts };
export { en, fr, it };

/** Every language the slip is written in, Italian included, by primary subtag. */
export const SLIP_TEXTS: Readonly<Record<string, SlipTexts>> = Object.fromEntries(
  [ar, bn, en, es, fr, it, pa, ro, sq, ti, uk, ur, zh].map((t) => [t.code, t]),
);

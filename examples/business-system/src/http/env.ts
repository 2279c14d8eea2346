import type { Language } from './problem.ts';

/** Per-request values every handler can read with `c.get(...)`. */
export interface AppEnv {
  Variables: {
    requestId: string;
    language: Language;
  };
}

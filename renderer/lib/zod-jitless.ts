import { z } from 'zod';

// The CSP has no unsafe-eval. zod probes `new Function` when a schema is built (logging a CSP
// violation) unless told not to, so this module is imported before any contract schema exists.
z.config({ jitless: true });

import type { HttpBindings } from '@hono/node-server';
import type { CrmObjectSchema } from './crm-schemas';

/**
 * Hono environment of the mock: node bindings (absent under `app.request()` in tests) and
 * the values middleware hands to routes.
 */
export interface CrmEnv {
  Bindings: Partial<HttpBindings>;
  Variables: {
    /** Scopes of the authenticated token. */
    scopes: ReadonlySet<string>;
    /** Object type resolved from the `:objectType` URL segment. */
    schema: CrmObjectSchema;
  };
}

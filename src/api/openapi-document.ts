import { z } from 'zod';
import { type ApiRoute, requiredRole } from './api-route';
import { webhookIntakeContract } from './routes/webhook-intake-contract';

const ErrorSchema = z.object({
  error: z.object({
    code: z.string().describe('stable error code, e.g. auth_failed, validation_failed, not_found'),
    message: z.string(),
    fieldErrors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

const json = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

/**
 * Builds the OpenAPI 3.1 document from the same route list and zod schemas the server uses.
 *
 * @example
 * app.get('/openapi.json', (c) => c.json(openApiDocument(routes, '0.1.0', { webhookIntake: true })));
 */
export function openApiDocument(
  routes: readonly ApiRoute[],
  version: string,
  options: { webhookIntake?: boolean } = {},
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters = [...objectParameters(route.params, 'path'), ...objectParameters(route.query, 'query')];
    const responses: Record<string, unknown> = {
      [String(route.status ?? 200)]: {
        description: 'success',
        content: { 'application/json': { schema: json(route.response, 'output') } },
      },
      400: { description: 'invalid input', content: { 'application/json': { schema: json(ErrorSchema, 'output') } } },
    };
    if (!route.public) {
      responses[401] = { description: 'missing or unknown token' };
      if (requiredRole(route) === 'admin') responses[403] = { description: 'viewer token on an admin route' };
    }
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.public ? { security: [] } : { 'x-required-role': requiredRole(route) }),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: json(route.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  if (options.webhookIntake) paths[webhookIntakeContract.path] = { post: webhookIntakeContract.operation(json) };
  return {
    openapi: '3.1.0',
    info: { title: 'crm-erp-bridge admin API', version },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        ...(options.webhookIntake ? webhookIntakeContract.securitySchemes : {}),
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

function objectParameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema) return [];
  const shape = json(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (shape.required ?? []).includes(name),
    schema: property,
  }));
}

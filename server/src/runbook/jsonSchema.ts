/** The front-matter schema as JSON Schema (draft-07), for the YAML extension and other tools. */
import { ROLES } from '../domain/vocabulary';
import { DURATION_PATTERN, FRONT_MATTER_SCHEMA, type Schema } from './schema';

type Json = { [key: string]: unknown };

export function toJsonSchema(): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Service Manager recovery runbook front matter (smdr: 1)',
    ...convert(FRONT_MATTER_SCHEMA),
  };
}

function convert(schema: Schema): Json {
  const description = schema.description;
  switch (schema.type) {
    case 'string': {
      const base: Json = { type: 'string', minLength: 1, description };
      if (schema.format === 'duration') base.pattern = DURATION_PATTERN.source;
      if (schema.format === 'url') base.pattern = '^https?://';
      if (schema.format === 'instance') base.pattern = '^[A-Za-z_&][A-Za-z0-9_$#]{0,15}$';
      if (schema.format === 'database') base.maxLength = 128;
      if (schema.format === 'text') return { type: ['string', 'number'], description };
      return base;
    }
    case 'integer':
      return { type: 'integer', description, ...(schema.const === undefined ? {} : { const: schema.const }) };
    case 'boolean':
      return { type: 'boolean', description };
    case 'enum':
      // YAML reads `scsm: 2022` as a number: a numeric word is accepted in both forms, as the validator does.
      return {
        enum: [...schema.values, ...schema.values.filter((v) => /^\d+$/.test(v)).map(Number)],
        description,
      };
    case 'roles':
      return {
        description,
        oneOf: [{ enum: [...ROLES] }, { type: 'array', minItems: 1, items: { enum: [...ROLES] } }],
      };
    case 'object':
      return {
        type: 'object',
        description,
        additionalProperties: false,
        ...(schema.required ? { required: [...schema.required] } : {}),
        properties: Object.fromEntries(
          Object.entries(schema.properties).map(([key, child]) => [key, convert(child)]),
        ),
      };
    case 'map':
      return {
        type: 'object',
        description: `${description} Keys: ${schema.keyDescription}.`,
        ...(schema.keyDescription.startsWith('computer')
          ? { minProperties: 1, propertyNames: { pattern: '^[A-Za-z0-9-]{1,15}$' } }
          : {}),
        additionalProperties: schema.nullable
          ? { oneOf: [convert(schema.values), { type: 'null' }] }
          : convert(schema.values),
      };
  }
}

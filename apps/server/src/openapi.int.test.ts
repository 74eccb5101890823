import fs from 'node:fs';
import { expect, it } from 'vitest';
import { currentOpenApi, OPENAPI_PATH } from '../../../scripts/write-openapi.ts';

it('keeps the checked-in OpenAPI document (docs/openapi.json) in step with the routes — run `npm run openapi` after changing a route', async () => {
  const current = await currentOpenApi();
  const stored = fs.existsSync(OPENAPI_PATH) ? fs.readFileSync(OPENAPI_PATH, 'utf8') : '';
  expect(stored === current, 'docs/openapi.json is stale: run `npm run openapi`').toBe(true);
});

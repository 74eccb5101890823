import type { FormSchema } from './form.ts';

/** A minimal valid PDF, PNG and OFD for upload tests (real signatures, tiny bodies). */
export const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
export const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Fills every field the applicant must type (not prefilled) with a plausible valid value. */
export function fillForm(form: FormSchema, prefilled: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(form.properties)) {
    if (prefilled.has(k)) continue;
    if (p.enum?.length) out[k] = p.enum[0];
    else if (p.type === 'boolean') out[k] = true;
    else if (p.type === 'number' || p.type === 'integer') out[k] = p.minimum ?? 1;
    else if (p.format === 'date') out[k] = '2026-11-20';
    else if (p.pattern) continue;
    else out[k] = '测试填写内容'.slice(0, Math.max(p.minLength ?? 1, Math.min(6, p.maxLength ?? 6)));
  }
  return out;
}

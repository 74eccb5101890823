import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, CommonErrors, isAppError, type FieldError, type Localized } from '../errors/errors.ts';

export type Locale = 'zh-CN' | 'en';

/** zh-CN unless the client prefers English. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  messages: Localized;
  errors?: FieldError[];
};

function fieldErrorsFromValidation(
  validation: { instancePath?: string; message?: string; params?: Record<string, unknown> }[],
  context: string | undefined,
): FieldError[] {
  return validation.slice(0, 50).map((v) => {
    const issue = (v.params as { issue?: { path?: (string | number)[]; message?: string } } | undefined)
      ?.issue;
    const rawPath = issue?.path?.join('.') ?? (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const path = [context, rawPath].filter(Boolean).join('.');
    const en = issue?.message ?? v.message ?? 'invalid value';
    return {
      path,
      message: { 'zh-CN': `字段 ${path || '(整体)'} 不符合要求：${en}`, en: `${path || '(root)'}: ${en}` },
    };
  });
}

/** Turns anything thrown into an AppError; unknown errors become `internal`. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const e = err as unknown as {
      validation: Parameters<typeof fieldErrorsFromValidation>[0];
      validationContext?: string;
    };
    return CommonErrors.validation({ errors: fieldErrorsFromValidation(e.validation, e.validationContext) });
  }
  const fe = err as Partial<FastifyError> & { statusCode?: number };
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return CommonErrors.payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return CommonErrors.unsupportedMediaType();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return CommonErrors.malformedBody();
    case 'FST_ERR_VALIDATION':
      return CommonErrors.validation({
        errors: fieldErrorsFromValidation(
          (fe as { validation?: Parameters<typeof fieldErrorsFromValidation>[0] }).validation ?? [],
          fe.validationContext,
        ),
      });
  }
  if (fe.statusCode === 429) return CommonErrors.rateLimited();
  if (err instanceof SyntaxError && fe.statusCode === 400) return CommonErrors.malformedBody();
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return CommonErrors.payloadTooLarge();
    if (fe.statusCode === 415) return CommonErrors.unsupportedMediaType();
    if (fe.statusCode === 404) return CommonErrors.notFound();
    return CommonErrors.malformedBody();
  }
  return CommonErrors.internal();
}

export function problemBody(err: AppError, req: FastifyRequest): ProblemBody {
  const locale = negotiateLocale(req.headers['accept-language']);
  return {
    type: `urn:sufu:problem:${err.code}`,
    title: err.messages[locale],
    status: err.status,
    detail: err.messages[locale],
    code: err.code,
    instance: (req.url.split('?')[0] ?? '/').slice(0, 200),
    requestId: String(req.id),
    messages: err.messages,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: AppError): FastifyReply {
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply
    .status(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemBody(err, req)));
}

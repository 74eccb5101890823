/**
 * Domain errors carry a stable code, a kind and messages in both locales. One HTTP
 * handler turns the kind into a status and an RFC 9457 problem body, so no module
 * ever picks a status code itself and a client's mistake never becomes a 500.
 */
export type Localized = { 'zh-CN': string; en: string };

export type ErrorKind =
  | 'validation' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'gone' // 410
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'unprocessable' // 422
  | 'locked' // 423
  | 'rate_limited' // 429
  | 'unavailable' // 503
  | 'internal'; // 500

export const statusOfKind: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export type FieldError = { path: string; message: Localized };

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly messages: Localized;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: string,
    kind: ErrorKind,
    messages: Localized,
    opts: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(messages.en, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = kind;
    this.messages = messages;
    this.errors = opts.errors;
    this.headers = opts.headers;
  }

  get status(): number {
    return statusOfKind[this.kind];
  }
}

/** Declares a family of errors once, so every throw site reuses the same code and text. */
export function defineError(code: string, kind: ErrorKind, messages: Localized) {
  return (
    overrides: { detail?: Partial<Localized>; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) =>
    new AppError(
      code,
      kind,
      {
        'zh-CN': overrides.detail?.['zh-CN'] ?? messages['zh-CN'],
        en: overrides.detail?.en ?? messages.en,
      },
      { errors: overrides.errors, headers: overrides.headers },
    );
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Common errors shared by every module. */
export const CommonErrors = {
  validation: defineError('request.invalid', 'validation', {
    'zh-CN': '请求内容不符合要求，请检查后重试。',
    en: 'The request is not valid; check it and try again.',
  }),
  notFound: defineError('resource.not_found', 'not_found', {
    'zh-CN': '未找到所请求的资源。',
    en: 'The requested resource was not found.',
  }),
  routeNotFound: defineError('route.not_found', 'not_found', {
    'zh-CN': '接口不存在。',
    en: 'No such endpoint.',
  }),
  unauthenticated: defineError('auth.required', 'unauthenticated', {
    'zh-CN': '请先登录。',
    en: 'Please sign in first.',
  }),
  forbidden: defineError('auth.forbidden', 'forbidden', {
    'zh-CN': '当前账号无权执行此操作。',
    en: 'Your account is not allowed to do this.',
  }),
  outOfScope: defineError('auth.out_of_scope', 'forbidden', {
    'zh-CN': '该数据不在您的部门或区域管辖范围内。',
    en: 'This is outside your department or region.',
  }),
  csrf: defineError('auth.csrf', 'forbidden', {
    'zh-CN': '请求缺少有效的防伪令牌，请刷新页面后重试。',
    en: 'Missing or invalid CSRF token; reload the page and try again.',
  }),
  rateLimited: defineError('rate_limited', 'rate_limited', {
    'zh-CN': '请求过于频繁，请稍后再试。',
    en: 'Too many requests; try again later.',
  }),
  payloadTooLarge: defineError('request.too_large', 'payload_too_large', {
    'zh-CN': '请求内容过大。',
    en: 'The request body is too large.',
  }),
  unsupportedMediaType: defineError('request.unsupported_media_type', 'unsupported_media_type', {
    'zh-CN': '不支持的内容类型。',
    en: 'Unsupported content type.',
  }),
  malformedBody: defineError('request.malformed', 'validation', {
    'zh-CN': '请求内容无法解析。',
    en: 'The request body could not be parsed.',
  }),
  badUrl: defineError('request.bad_url', 'validation', {
    'zh-CN': '请求地址格式不正确。',
    en: 'The request URL is malformed.',
  }),
  uriTooLong: defineError('request.uri_too_long', 'validation', {
    'zh-CN': '请求地址中的参数过长。',
    en: 'A path parameter is too long.',
  }),
  nulCharacter: defineError('request.nul_character', 'validation', {
    'zh-CN': '请求内容含有不允许的空字符（U+0000）。',
    en: 'The request contains a NUL character (U+0000), which is not allowed.',
  }),
  internal: defineError('internal', 'internal', {
    'zh-CN': '系统内部错误，请稍后再试；如持续出现请联系管理员并提供请求编号。',
    en: 'Internal error; try again later, and give the request id to an administrator if it persists.',
  }),
  unavailable: defineError('unavailable', 'unavailable', {
    'zh-CN': '服务暂时不可用。',
    en: 'The service is temporarily unavailable.',
  }),
};

import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { createRateLimiter } from './rate-limit.ts';
import { securityHeadersFor } from './security-headers.ts';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { anonymousActor, type Actor } from '../auth/actor.ts';
import { CommonErrors } from '../errors/errors.ts';
import { safePath, type Logger } from '../logger.ts';
import { sendProblem, toAppError } from './problem.ts';

export type HttpApp = Awaited<ReturnType<typeof createHttpApp>>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

export const CSRF_COOKIE = 'sufu_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type HttpAppOptions = {
  logger: Logger;
  version: string;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  /** Resolves the actor of a request (session cookie, bearer token); anonymous when none. */
  resolveActor?: (req: FastifyRequest) => Promise<Actor>;
  /** Called after the response is sent, e.g. to refresh a session's last-seen time. */
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit CSRF token: a readable cookie, echoed in a header on unsafe methods.
 * Requests authenticated by a bearer token (machine clients) are not cookie-driven and
 * are exempt.
 */
function checkCsrf(req: FastifyRequest, reply: FastifyReply, secure: boolean) {
  let token = req.cookies[CSRF_COOKIE];
  if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
    token = randomBytes(24).toString('base64url');
    reply.setCookie(CSRF_COOKIE, token, { path: '/', sameSite: 'strict', secure, httpOnly: false });
    req.cookies[CSRF_COOKIE] = '';
  }
  if (UNSAFE.has(req.method) && req.url.startsWith('/api/') && !req.headers.authorization) {
    const sent = req.headers[CSRF_HEADER];
    const cookieToken = req.cookies[CSRF_COOKIE];
    if (typeof sent !== 'string' || !cookieToken || !sameToken(sent, cookieToken)) throw CommonErrors.csrf();
  }
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  for (const [k, v] of Object.entries(value))
    if (k.includes('\u0000') || containsNul(v, depth + 1)) return true;
  return false;
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * The kernel's HTTP shell: Zod validation and OpenAPI 3.1, problem+json errors, request
 * ids, security headers, rate limits, cookies with double-submit CSRF protection, and
 * request logs without personal data. Modules add their routes to the returned app.
 */
export async function createHttpApp(opts: HttpAppOptions) {
  const app = Fastify({
    loggerInstance: opts.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimitBytes,
    trustProxy: opts.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    // Router-level refusals (malformed percent-encoding, over-long path parameters) are
    // answered before any hook runs; they get the same problem+json as everything else.
    frameworkErrors: (error, req, reply) => {
      const err =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? CommonErrors.uriTooLong()
          : error.code === 'FST_ERR_BAD_URL'
            ? CommonErrors.badUrl()
            : toAppError(error);
      void sendProblem(reply, req, err);
    },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null as unknown as Actor);

  // Request logging costs a hook per request; it is off when the level would drop it.
  if (opts.logger.isLevelEnabled('info'))
    app.addHook('onResponse', async (req, reply) => {
      req.log.info(
        {
          method: req.method,
          path: safePath(req.url),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    });

  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) {
      req.log.error(
        {
          err: {
            message: (err as Error).message,
            stack: (err as Error).stack,
            code: (err as { code?: string }).code,
          },
          path: safePath(req.url),
        },
        'request failed',
      );
    }
    return sendProblem(reply, req, appErr);
  });

  await app.register(cookie);

  // One hook for what every request needs, in order: identity of the request, security
  // headers, rate limit, CSRF. One synchronous hook is markedly cheaper than four async ones.
  const securityHeaders = securityHeadersFor(opts.cookieSecure);
  const checkRate = createRateLimiter(opts.rateLimitPerMinute);
  app.addHook('onRequest', (req, reply, done) => {
    req.actor = anonymousActor;
    reply.headers(securityHeaders);
    reply.header('x-request-id', String(req.id));
    try {
      checkRate(req);
      checkCsrf(req, reply, opts.cookieSecure);
    } catch (e) {
      done(e as Error);
      return;
    }
    done();
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sufu API (苏服办开放接口)',
        version: opts.version,
        description:
          'The platform API. Errors are RFC 9457 application/problem+json with a stable `code` and messages in zh-CN and en. ' +
          'Browser sessions use the `sufu_sid` cookie; unsafe methods need the `x-csrf-token` header equal to the `sufu_csrf` cookie.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sufu_sid' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // PostgreSQL text cannot hold U+0000; refuse it at the edge instead of failing in SQL.
  app.addHook('preValidation', (req, _reply, done) => {
    if (containsNul(req.query) || containsNul(req.params) || containsNul(req.body)) {
      done(CommonErrors.nulCharacter());
      return;
    }
    done();
  });

  if (opts.resolveActor) {
    const resolve = opts.resolveActor;
    app.addHook('preHandler', async (req) => {
      if (req.url.startsWith('/api/')) req.actor = await resolve(req);
    });
  }

  return app;
}

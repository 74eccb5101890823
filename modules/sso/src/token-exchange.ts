import type Provider from 'oidc-provider';
import type { AccessToken } from 'oidc-provider';
import { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from './catalogue.ts';
import { clientActor } from './actors.ts';
import type { OidcModule, ProviderDeps } from './provider.ts';
import { clientFacts, TTL } from './provider.ts';

/**
 * RFC 8693 token exchange, profiled for on-behalf-of calls from a department system to the
 * platform API. The system presents the resident's access token it got through single
 * sign-on (`subject_token`, type access_token) and receives a short-lived token that
 * carries the resident (accountId) and the system (client) together. Rules:
 * - only a confidential client, only a subject token issued to that same client;
 * - the new token's scopes are platform API scopes that the resident consented to in
 *   that sign-in and the client is still allowed (a subset may be asked with `scope`);
 * - no chains (an exchanged token cannot be exchanged again), no actor_token (the
 *   authenticated client is the actor), audience, if given, must be the platform API;
 * - the token belongs to the same grant and session, so logout or revocation ends it.
 */
export function registerTokenExchange(
  provider: Provider,
  oidc: OidcModule,
  deps: Pick<ProviderDeps, 'apiScopes' | 'identity' | 'audit' | 'issuer'>,
): void {
  const { InvalidGrant, InvalidRequest, InvalidScope, InvalidTarget, UnauthorizedClient } = oidc.errors;
  const apiAudience = `${deps.issuer}/api`;

  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    async (ctx) => {
      const { client, params } = ctx.oidc;
      const p = params as Record<string, unknown>;
      if (!client.clientAuthMethod || client.clientAuthMethod === 'none')
        throw new UnauthorizedClient('token exchange is for confidential clients');
      if (typeof p.subject_token !== 'string' || !p.subject_token)
        throw new InvalidRequest('missing required parameter subject_token');
      if (p.subject_token_type !== ACCESS_TOKEN_TYPE)
        throw new InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
      if (p.requested_token_type !== undefined && p.requested_token_type !== ACCESS_TOKEN_TYPE)
        throw new InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
      if (p.actor_token !== undefined || p.actor_token_type !== undefined)
        throw new InvalidRequest('actor_token is not supported: the authenticated client is the actor');
      if (p.audience !== undefined && p.audience !== apiAudience)
        throw new InvalidTarget(`audience must be ${apiAudience}`);

      const subject = (await provider.AccessToken.find(p.subject_token)) as AccessToken | undefined;
      if (!subject || !subject.isValid) throw new InvalidGrant('subject_token is invalid or expired');
      if (subject.clientId !== client.clientId)
        throw new InvalidGrant('subject_token was not issued to this client');
      if (subject.gty === TOKEN_EXCHANGE_GRANT)
        throw new InvalidGrant('an exchanged token cannot be exchanged again');
      if (!subject.accountId || !subject.grantId) throw new InvalidGrant('subject_token has no resident');
      const grant = await provider.Grant.find(subject.grantId);
      if (!grant) throw new InvalidGrant('the resident has withdrawn this authorisation');
      const resident = await deps.identity.claimsFor(subject.accountId);
      if (!resident) throw new InvalidGrant('the resident account is not active');

      const facts = clientFacts(client);
      const allowed = new Set(facts.scopes);
      const available = [...subject.scopes].filter((s) => deps.apiScopes.has(s) && allowed.has(s));
      const requested =
        typeof p.scope === 'string' && p.scope ? [...new Set(p.scope.split(' ').filter(Boolean))] : available;
      for (const s of requested)
        if (!available.includes(s))
          throw new InvalidScope('scope was not granted by the resident for this client', s);
      if (requested.length === 0)
        throw new InvalidScope('the resident granted no platform scope to this client', '');

      const token = new provider.AccessToken({
        accountId: subject.accountId,
        client,
        grantId: subject.grantId,
        gty: TOKEN_EXCHANGE_GRANT,
        scope: requested.join(' '),
        aud: apiAudience,
        sessionUid: subject.sessionUid,
        expiresWithSession: subject.expiresWithSession,
        sid: subject.sid,
        extra: { act: { client_id: client.clientId } },
      });
      // Never outlives the token it was exchanged for.
      (token as unknown as { expiresIn: number }).expiresIn = Math.max(
        1,
        Math.min(TTL.AccessToken, subject.remainingTTL),
      );
      const value = await token.save();

      await deps.audit(ctx.req, clientActor({ ...facts, scopes: requested }, subject.accountId), {
        action: 'sso.token_exchanged',
        resourceType: 'account',
        resourceId: subject.accountId,
        subjectRef: resident.personId,
        purpose: '代办理',
        details: { scope: requested.join(' ') },
      });

      ctx.body = {
        access_token: value,
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: 'Bearer',
        expires_in: token.expiration,
        scope: requested.join(' '),
      };
    },
    [
      'subject_token',
      'subject_token_type',
      'requested_token_type',
      'audience',
      'scope',
      'actor_token',
      'actor_token_type',
    ],
  );
}

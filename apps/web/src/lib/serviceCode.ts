import type { Query } from '../api/client.ts';

/** `?as=organisation&orgId=` when the session acts for an organisation, else nothing (a person's own code). */
export function holderQuery(organisationId: string | null | undefined): Query {
  return organisationId ? { as: 'organisation', orgId: organisationId } : {};
}

/** The server's SVG as an `<img>` source (an image cannot run scripts, unlike inline SVG). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

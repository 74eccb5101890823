// Loader for the optional N-API addon (native/sm2.c), which runs SM2 inside the OpenSSL that
// is linked into `node` itself. Built by native/build.mjs (root postinstall). Absent,
// disabled (SUFU_GM_NATIVE=0) or failing its self-test, SM2 falls back to pure TypeScript.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { toBytes } from '../bytes.ts';

declare const nativeKeyBrand: unique symbol;
/** Opaque N-API external wrapping an OpenSSL EVP_PKEY (freed by the GC). */
export type NativeKey = { readonly [nativeKeyBrand]: true };

/** The addon's surface (see native/sm2.c); null returns mean "OpenSSL said no", never a throw. */
export interface NativeAddon {
  loadPublicKey(spkiDer: Uint8Array): NativeKey | null;
  loadPrivateKey(pkcs8Der: Uint8Array): NativeKey | null;
  verify(publicKey: NativeKey, id: Uint8Array, message: Uint8Array, derSignature: Uint8Array): boolean;
  verifySpki(spkiDer: Uint8Array, id: Uint8Array, message: Uint8Array, derSignature: Uint8Array): boolean;
  sign(privateKey: NativeKey, id: Uint8Array, message: Uint8Array): Uint8Array | null;
  readonly opensslVersion: string;
}

/** Why the native backend is or is not in use; for logs, health checks and test skips. */
export interface Sm2NativeStatus {
  available: boolean;
  /** Set when unavailable: what to fix (build it, install a compiler, unset SUFU_GM_NATIVE). */
  reason?: string;
  /** OpenSSL version the addon runs on (Node's bundled one). */
  opensslVersion?: string;
  /** Where the addon was looked for. */
  path: string;
}

/** Where native/build.mjs puts the addon; resolved from this file so it works from any cwd. */
export const NATIVE_ADDON_PATH = fileURLToPath(
  new URL('../../native/build/Release/sufu_gm_sm2.node', import.meta.url),
);

// GM/T 0003.5 / GB/T 32918.5 example: key, message "message digest", ID 1234567812345678, (r, s).
const SELF_TEST = {
  spki: '3059301306072a8648ce3d020106082a811ccf5501822d0342000409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  sig: '3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

let loaded: { addon: NativeAddon | undefined; status: Sm2NativeStatus } | undefined;

function isAddon(value: unknown): value is NativeAddon {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['loadPublicKey', 'loadPrivateKey', 'verify', 'verifySpki', 'sign'].every(
    (k) => typeof v[k] === 'function',
  );
}

function load(): { addon: NativeAddon | undefined; status: Sm2NativeStatus } {
  const path = NATIVE_ADDON_PATH;
  if (process.env.SUFU_GM_NATIVE === '0')
    return { addon: undefined, status: { available: false, reason: 'disabled by SUFU_GM_NATIVE=0', path } };
  if (!existsSync(path)) {
    return {
      addon: undefined,
      status: {
        available: false,
        reason: 'addon not built (run: node packages/gm-crypto/native/build.mjs)',
        path,
      },
    };
  }
  try {
    const mod: unknown = createRequire(import.meta.url)(path);
    if (!isAddon(mod))
      return {
        addon: undefined,
        status: { available: false, reason: 'addon has an unexpected shape (stale build?)', path },
      };
    // A broken or mismatched build must not silently give wrong answers: check the standard's example.
    const key = mod.loadPublicKey(Buffer.from(SELF_TEST.spki, 'hex'));
    const sig = Buffer.from(SELF_TEST.sig, 'hex');
    const id = toBytes('1234567812345678');
    if (
      !key ||
      !mod.verify(key, id, toBytes('message digest'), sig) ||
      mod.verify(key, id, toBytes('message digesT'), sig)
    ) {
      return {
        addon: undefined,
        status: { available: false, reason: 'addon failed its GM/T 0003.5 self-test', path },
      };
    }
    return { addon: mod, status: { available: true, opensslVersion: mod.opensslVersion, path } };
  } catch (err) {
    return {
      addon: undefined,
      status: {
        available: false,
        reason: `addon failed to load: ${err instanceof Error ? err.message : String(err)}`,
        path,
      },
    };
  }
}

/** The addon, or undefined if the pure backend must be used. Loaded once, on first use. */
export function nativeAddon(): NativeAddon | undefined {
  loaded ??= load();
  return loaded.addon;
}

/** Load status of the native backend (triggers the one-time load). */
export function nativeStatus(): Sm2NativeStatus {
  loaded ??= load();
  return { ...loaded.status };
}

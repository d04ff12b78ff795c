/**
 * What the checkpoint page relies on: the permit keys and the signed revocation list (from the network,
 * or from the service worker's copy when there is none), signature checks with WebCrypto, and the
 * service's own verdict when it can be reached.
 */
import { jwksSchema, type Jwks, type SignatureVerifier } from '../../shared/domain/jws.ts';
import { openRevocationList, permitVerdictSchema, type PermitVerdict, type TrustedRevocationList } from '../../shared/domain/permit-check.ts';
import { KEPT_COPY_HEADER } from './checkpoint-copy.ts';

const importedKeys = new Map<string, Promise<CryptoKey>>();

/** ECDSA P-256 / SHA-256 in the browser; JWS signatures are the raw r || s that WebCrypto takes. */
export const webCryptoVerifier: SignatureVerifier = async ({ key, signingInput, signature }) => {
  const id = `${key.kid} ${key.x} ${key.y}`;
  let imported = importedKeys.get(id);
  if (!imported) {
    imported = crypto.subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x, y: key.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    importedKeys.set(id, imported);
  }
  try {
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await imported, signature, signingInput);
  } catch {
    // A published key that is no valid P-256 point verifies nothing.
    importedKeys.delete(id);
    return false;
  }
};

export interface Trust {
  jwks?: Jwks;
  /** The newest list whose signature held. */
  list?: TrustedRevocationList;
  /** The last list received did not verify with the keys. */
  listRejected: boolean;
}

/** The body, and whether it came from the service (not the service worker's kept copy). */
async function getJson(path: string): Promise<{ body: unknown; fromService: boolean }> {
  const response = await fetch(path, { signal: AbortSignal.timeout(8000) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return { body: await response.json(), fromService: !response.headers.has(KEPT_COPY_HEADER) };
}

/**
 * Fetches the keys and the list again; keeps what it had for whatever cannot be fetched or trusted.
 * `reachedService` is false when either came from the device's kept copy or not at all.
 */
export async function refreshTrust(previous: Trust): Promise<{ trust: Trust; reachedService: boolean }> {
  let jwks = previous.jwks;
  let reachedService = true;
  try {
    const keys = await getJson('/api/permits/keys');
    reachedService &&= keys.fromService;
    const parsed = jwksSchema.safeParse(keys.body);
    if (parsed.success) jwks = parsed.data;
  } catch {
    // Offline with nothing kept: the page says the keys are missing.
    reachedService = false;
  }
  if (!jwks) return { trust: previous, reachedService: false };
  let { list, listRejected } = previous;
  try {
    const fetched = await getJson('/api/permits/revocations');
    reachedService &&= fetched.fromService;
    const opened = await openRevocationList(fetched.body, jwks, webCryptoVerifier);
    listRejected = !opened.ok;
    // Never trade a list for an older one (a cached copy somewhere along the way).
    if (opened.ok && (!list || opened.list.issuedAtMs >= list.issuedAtMs)) list = opened.list;
  } catch {
    // Keep the list in hand; its age shows how fresh it is.
    reachedService = false;
  }
  return { trust: { jwks, list, listRejected }, reachedService };
}

/** POST /api/permits/verify, or undefined when the service cannot be reached or answers otherwise. */
export async function askService(token: string): Promise<PermitVerdict | undefined> {
  if (!navigator.onLine) return undefined;
  try {
    const response = await fetch('/api/permits/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(5000),
    });
    if (response.status !== 200) return undefined;
    const parsed = permitVerdictSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

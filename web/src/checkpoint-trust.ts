/**
 * What the checkpoint page relies on: the permit keys and the signed revocation list (from the network,
 * or from the service worker's copy when there is none), signature checks with WebCrypto, and the
 * service's own verdict when it can be reached.
 */
import { jwksSchema, type Jwks, type SignatureVerifier } from '../../shared/domain/jws.ts';
import { openRevocationList, permitVerdictSchema, type PermitVerdict, type TrustedRevocationList } from '../../shared/domain/permit-check.ts';

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

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(path, { signal: AbortSignal.timeout(8000) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/** Fetches the keys and the list again; keeps what it had for whatever cannot be fetched or trusted. */
export async function refreshTrust(previous: Trust): Promise<Trust> {
  let jwks = previous.jwks;
  try {
    const parsed = jwksSchema.safeParse(await getJson('/api/permits/keys'));
    if (parsed.success) jwks = parsed.data;
  } catch {
    // Offline with nothing kept: the page says the keys are missing.
  }
  if (!jwks) return previous;
  let { list, listRejected } = previous;
  try {
    const opened = await openRevocationList(await getJson('/api/permits/revocations'), jwks, webCryptoVerifier);
    listRejected = !opened.ok;
    // Never trade a list for an older one (a cached copy somewhere along the way).
    if (opened.ok && (!list || opened.list.issuedAtMs >= list.issuedAtMs)) list = opened.list;
  } catch {
    // Keep the list in hand; its age shows how fresh it is.
  }
  return { jwks, list, listRejected };
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

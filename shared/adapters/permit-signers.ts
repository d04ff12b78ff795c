/**
 * Where permit signatures come from. In AWS: an asymmetric KMS key; the function holds no private key.
 * Locally: an ECDSA P-256 key pair generated on first start in the local data folder, behind the same
 * interface. Rotation is by key id: a new key signs, old keys stay in the JWKS while their permits last.
 */
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { tracer } from './tracing.ts';
import { writeOnce } from './write-once.ts';
import { derToJoseSignature, toLowS, toPublicJwk, type Jwks, type PermitSigner, type PublicJwk } from '../domain/permit-token.ts';

// --- KMS -----------------------------------------------------------------------------------------

/** The key id in a token header: the KMS key's own id (the last part of its ARN). */
const kmsKeyId = (arn: string) => arn.split('/').pop()!;

const tracedKmsClient = () => tracer.captureAWSv3Client(new KMSClient({}));

export function kmsSigner(keyArn: string, client = tracedKmsClient()): PermitSigner {
  return {
    keyId: async () => kmsKeyId(keyArn),
    async sign(data) {
      const { Signature } = await client.send(
        new SignCommand({
          KeyId: keyArn,
          Message: createHash('sha256').update(data).digest(),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return derToJoseSignature(Buffer.from(Signature));
    },
  };
}

export async function kmsJwks(keyArns: string[], client = tracedKmsClient()): Promise<Jwks> {
  const keys = await Promise.all(
    keyArns.map(async (arn) => {
      const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: arn }));
      if (!PublicKey) throw new Error('KMS returned no public key');
      return toPublicJwk(Buffer.from(PublicKey), kmsKeyId(arn));
    }),
  );
  return { keys };
}

// --- Local key pairs -----------------------------------------------------------------------------

interface LocalKey {
  kid: string;
  privateKey: KeyObject;
  createdAt: string;
}

const localKeyFile = /^permit-key-(\d{8}T\d{6}Z)-([A-Za-z0-9_-]+)\.pem$/;

function readLocalKeys(directory: string): LocalKey[] {
  let names: string[] = [];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names
    .map((name) => localKeyFile.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ createdAt: match[1]!, kid: match[2]!, privateKey: createPrivateKey(readFileSync(join(directory, match[0]), 'utf8')) }))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** Adds a new signing key (the newest signs); older keys stay for verification. */
export function rotateLocalKey(directory: string, now = new Date()): string {
  mkdirSync(directory, { recursive: true });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const kid = `local-${randomUUID().slice(0, 8)}`;
  writeFileSync(join(directory, `permit-key-${stamp}-${kid}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return kid;
}

/** Creates the first key once, even when several processes start together. */
export function ensureLocalKey(directory: string): void {
  if (readLocalKeys(directory).length > 0) return;
  // Whoever creates the lock file makes the key; the others wait for it to appear.
  if (writeOnce(join(directory, '.creating'), '')) {
    if (readLocalKeys(directory).length === 0) rotateLocalKey(directory);
    return;
  }
  for (let attempt = 0; attempt < 50 && readLocalKeys(directory).length === 0; attempt++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

export function localSigner(directory: string): PermitSigner {
  ensureLocalKey(directory);
  const current = () => readLocalKeys(directory)[0]!;
  return {
    keyId: async () => current().kid,
    sign: async (data) => toLowS(sign('sha256', data, { key: current().privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

export function localJwks(directory: string): Jwks {
  ensureLocalKey(directory);
  return {
    keys: readLocalKeys(directory).map((key): PublicJwk =>
      toPublicJwk(createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' }) as string, key.kid),
    ),
  };
}

// --- Selection by configuration ------------------------------------------------------------------

/** The signer this deployment uses; configuration must name a KMS key or a local key folder. */
export function configuredSigner(): PermitSigner {
  const config = loadConfig(['PERMIT_SIGNING_KEY_ARN', 'PERMIT_LOCAL_KEY_DIR']);
  if (config.PERMIT_SIGNING_KEY_ARN) return kmsSigner(config.PERMIT_SIGNING_KEY_ARN);
  if (config.PERMIT_LOCAL_KEY_DIR) return localSigner(config.PERMIT_LOCAL_KEY_DIR);
  throw new Error('Configuration error: set PERMIT_SIGNING_KEY_ARN (AWS) or PERMIT_LOCAL_KEY_DIR (local)');
}

/** The published keys; the answer is the same for the life of a function instance. */
export function configuredJwks(): () => Promise<Jwks> {
  const config = loadConfig(['PERMIT_PUBLISHED_KEY_ARNS', 'PERMIT_LOCAL_KEY_DIR']);
  if (config.PERMIT_PUBLISHED_KEY_ARNS) {
    const arns = config.PERMIT_PUBLISHED_KEY_ARNS.split(',').map((arn) => arn.trim()).filter(Boolean);
    let cached: Promise<Jwks> | undefined;
    return () => {
      cached ??= kmsJwks(arns).catch((error) => {
        cached = undefined;
        throw error;
      });
      return cached;
    };
  }
  if (config.PERMIT_LOCAL_KEY_DIR) {
    const directory = config.PERMIT_LOCAL_KEY_DIR;
    return async () => localJwks(directory);
  }
  throw new Error('Configuration error: set PERMIT_PUBLISHED_KEY_ARNS (AWS) or PERMIT_LOCAL_KEY_DIR (local)');
}

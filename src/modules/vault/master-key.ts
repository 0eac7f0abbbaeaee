import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { decodeMasterKey } from '../../config/load-config.js';

export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

export const MASTER_KEY_FILE = 'master.key';

/** The key's id is a fingerprint, so a wrong key is detected before any decryption is tried. */
export function masterKeyFrom(key: Buffer): MasterKey {
  return { id: 'mk_' + createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

/**
 * LATCHKEY_MASTER_KEY if set; else `DATA_DIR/master.key`, generated (mode 0600) on first start.
 * `onGenerated` lets the caller warn loudly: losing that file loses every stored secret.
 */
export function loadMasterKey(opts: { configured?: string; dataDir: string; onGenerated?: (file: string) => void }): MasterKey {
  if (opts.configured) {
    const key = decodeMasterKey(opts.configured);
    if (!key) throw new Error('LATCHKEY_MASTER_KEY is not 32 bytes of hex or base64');
    return masterKeyFrom(key);
  }
  const file = path.join(opts.dataDir, MASTER_KEY_FILE);
  if (fs.existsSync(file)) {
    const key = decodeMasterKey(fs.readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 32-byte key; restore it from backup or set LATCHKEY_MASTER_KEY`);
    return masterKeyFrom(key);
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  opts.onGenerated?.(file);
  return masterKeyFrom(key);
}

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dump, load } from 'js-yaml';
import { z } from 'zod';
import { FEED_SIGNATURE_SUFFIX, loadFeedPrivateKey, signFeed } from '../electron/core/update/feed-signature';
import { rolloutPosition } from '../electron/core/update/rollout';

/**
 * `npm run release -- <command>`: puts an electron-builder build into a generic update folder
 * (served over HTTP as UPDATE_URL), sets its staged-rollout percentage and signs each feed with
 * the Ed25519 release key. docs/updates.md is the technician's procedure.
 *
 *   publish --from dist --to /srv/kiosk-updates --staging 10
 *   stage   --dir /srv/kiosk-updates --staging 50     (widen, or 0 to stop a release everywhere)
 *   ring    KIOSCO-01 QUITO-NORTE-03                   (where each kiosk sits, 0–100)
 *
 * The key is read from the file UPDATE_FEED_SIGNING_KEY names, which must lie outside the repo.
 */

export const FEED_NAMES = ['latest-linux.yml', 'latest.yml'] as const;

// only plain file names: a feed that points elsewhere (../, a URL) would make this script copy,
// and the kiosks fetch, something that is not part of the build
const fileName = z
  .string()
  .regex(/^[A-Za-z0-9._ -]+$/)
  .refine((n) => n !== '.' && n !== '..', 'not a file name');
const feedSchema = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/),
    files: z
      .array(
        z
          .object({ url: fileName, sha512: z.string().min(1), size: z.number().int().nonnegative().optional() })
          .passthrough(),
      )
      .min(1),
    path: fileName.optional(),
    sha512: z.string().optional(),
    releaseDate: z.string().optional(),
    stagingPercentage: z.number().optional(),
  })
  .passthrough();
export type Feed = z.infer<typeof feedSchema>;

const stagingSchema = z.number().int().min(0).max(100);

export const sha512Base64 = (file: string): string => createHash('sha512').update(readFileSync(file)).digest('base64');

export function readFeed(text: string): Feed {
  return feedSchema.parse(load(text));
}

/** The feed text with a new staging percentage (100 drops the field: everyone). */
export function stagedFeed(feed: Feed, stagingPercentage: number): string {
  const pct = stagingSchema.parse(stagingPercentage);
  const { stagingPercentage: _old, ...rest } = feed;
  return dump(pct === 100 ? rest : { ...rest, stagingPercentage: pct }, { lineWidth: -1 });
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

function writeSignedFeed(dir: string, name: string, text: string, privateKeyPem: string): void {
  const key = loadFeedPrivateKey(privateKeyPem);
  // signature first: a kiosk that reads between the two writes sees a mismatch and refuses,
  // it never trusts an unsigned feed
  writeAtomically(join(dir, name + FEED_SIGNATURE_SUFFIX), signFeed(name, text, key));
  writeAtomically(join(dir, name), text);
}

export type PublishResult = { feed: string; version: string; files: string[] };

export function publishRelease(opts: {
  fromDir: string;
  toDir: string;
  stagingPercentage: number;
  privateKeyPem: string;
}): PublishResult[] {
  const results: PublishResult[] = [];
  mkdirSync(opts.toDir, { recursive: true });
  for (const name of FEED_NAMES) {
    const source = join(opts.fromDir, name);
    if (!existsSync(source)) continue;
    const feed = readFeed(readFileSync(source, 'utf8'));
    for (const entry of feed.files) {
      const artifact = join(opts.fromDir, entry.url);
      // the build and its feed must agree before the signature vouches for them
      if (sha512Base64(artifact) !== entry.sha512)
        throw new Error(`${entry.url}: sha512 differs from ${name}; rebuild instead of publishing`);
      copyFileSync(artifact, join(opts.toDir, entry.url));
    }
    writeSignedFeed(opts.toDir, name, stagedFeed(feed, opts.stagingPercentage), opts.privateKeyPem);
    results.push({ feed: name, version: feed.version, files: feed.files.map((f) => f.url) });
  }
  if (results.length === 0)
    throw new Error(`no ${FEED_NAMES.join(' or ')} in ${opts.fromDir}: build with npm run dist first`);
  return results;
}

/** Changes the staging percentage of what is already published, and signs again. */
export function restageRelease(opts: {
  dir: string;
  stagingPercentage: number;
  privateKeyPem: string;
}): PublishResult[] {
  const results: PublishResult[] = [];
  for (const name of FEED_NAMES) {
    const path = join(opts.dir, name);
    if (!existsSync(path)) continue;
    const feed = readFeed(readFileSync(path, 'utf8'));
    writeSignedFeed(opts.dir, name, stagedFeed(feed, opts.stagingPercentage), opts.privateKeyPem);
    results.push({ feed: name, version: feed.version, files: feed.files.map((f) => f.url) });
  }
  if (results.length === 0) throw new Error(`nothing published in ${opts.dir}`);
  return results;
}

/** The release key's file, refused when it lies inside the repository (it would end up in git). */
export function readSigningKey(env: NodeJS.ProcessEnv, repoRoot: string): string {
  const path = env.UPDATE_FEED_SIGNING_KEY;
  if (!path) throw new Error('UPDATE_FEED_SIGNING_KEY must name the release key file (kept outside the repository)');
  const rel = relative(resolve(repoRoot), resolve(path));
  if (!rel.startsWith('..') && !rel.startsWith('/'))
    throw new Error('the release key must not be kept inside the repository');
  return readFileSync(path, 'utf8');
}

function option(args: string[], name: string): string {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? args[i + 1] : undefined;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, repoRoot: string, print: (line: string) => void): void {
  const [command, ...rest] = args;
  if (command === 'ring') {
    for (const id of rest) print(`${id}\t${rolloutPosition(id).toFixed(2)}\t(receives releases staged above this %)`);
    return;
  }
  const staging = Number(option(rest, 'staging'));
  const results =
    command === 'publish'
      ? publishRelease({
          fromDir: option(rest, 'from'),
          toDir: option(rest, 'to'),
          stagingPercentage: staging,
          privateKeyPem: readSigningKey(env, repoRoot),
        })
      : command === 'stage'
        ? restageRelease({
            dir: option(rest, 'dir'),
            stagingPercentage: staging,
            privateKeyPem: readSigningKey(env, repoRoot),
          })
        : null;
  if (!results)
    throw new Error(
      'usage: release publish --from DIR --to DIR --staging N | stage --dir DIR --staging N | ring KIOSK_ID...',
    );
  for (const r of results)
    print(`${r.feed}: ${r.version} at ${staging} % (${r.files.map((f) => basename(f)).join(', ')}), signed`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    runCli(process.argv.slice(2), process.env, resolve(import.meta.dirname, '..'), (line) => console.log(line));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

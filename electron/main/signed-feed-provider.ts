import { basename } from 'node:path';
import type { OutgoingHttpHeaders } from 'node:http';
import type { CancellationToken, CustomPublishOptions } from 'builder-util-runtime';
import type { AppUpdater } from 'electron-updater';
// deep import: electron-updater's index does not export its generic provider, and this file is
// plain Node (no electron), so the updater tests can load it
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider.js';
import type { ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { FEED_SIGNATURE_SUFFIX, loadFeedPublicKey, verifyFeed } from '../core/update/feed-signature';

export type SignedFeedOptions = CustomPublishOptions & { url: string; feedPublicKeyPem: string };

// electron-updater builds the provider from an untyped options bag: check what it hands over
const optionsSchema = z.object({
  url: z.string().url(),
  feedPublicKeyPem: z.string().min(1),
  channel: z.string().nullish(),
});

export const FEED_SIGNATURE_ERROR = 'ERR_UPDATE_FEED_SIGNATURE';

const signatureError = (message: string): Error => Object.assign(new Error(message), { code: FEED_SIGNATURE_ERROR });

/**
 * electron-updater's generic provider, except that the feed text is trusted only once its
 * detached Ed25519 signature (`<feed>.sig`, next to it on the same server) verifies against the
 * pinned key. Every request the provider makes goes through `httpRequest`, and the only one it
 * makes is for the feed: the update file itself is fetched by the updater, which then checks it
 * against the sha512 of the now-verified feed.
 */
export class SignedFeedProvider extends GenericProvider {
  private readonly feedKey: KeyObject;

  constructor(options: CustomPublishOptions, updater: AppUpdater, runtimeOptions: ProviderRuntimeOptions) {
    const { url, feedPublicKeyPem, channel } = optionsSchema.parse(options);
    super({ provider: 'generic', url, channel: channel ?? null }, updater, runtimeOptions);
    this.feedKey = loadFeedPublicKey(feedPublicKeyPem);
  }

  protected override async httpRequest(
    url: URL,
    headers?: OutgoingHttpHeaders | null,
    cancellationToken?: CancellationToken,
  ): Promise<string | null> {
    const feed = await super.httpRequest(url, headers, cancellationToken);
    const signatureUrl = new URL(url);
    signatureUrl.pathname += FEED_SIGNATURE_SUFFIX;
    let signature: string | null;
    try {
      signature = await super.httpRequest(signatureUrl, headers, cancellationToken);
    } catch (error) {
      throw signatureError(
        `no signature for the update feed at ${signatureUrl.origin}${signatureUrl.pathname}: ${(error as Error).message}`,
      );
    }
    if (feed === null || signature === null || !verifyFeed(basename(url.pathname), feed, signature, this.feedKey)) {
      throw signatureError(`the update feed ${url.pathname} is not signed by the release key: refused`);
    }
    return feed;
  }
}

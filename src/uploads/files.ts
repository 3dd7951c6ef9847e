// Uploads: a file is checked (size; its type sniffed from its bytes, never from its name or the
// client's word; an image's width and height, and a thumbnail), kept in the upload store, and
// recorded. Nothing is left behind when any step fails. Uploads never attached to a message
// expire: a sweep on every instance deletes their rows, then their bytes.
import { randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Upload } from '../generated/prisma/client.ts';
import { badInput } from '../errors.ts';
import { deleteOrphanUploads } from '../sql/uploads.ts';
import { createUploadStore, type UploadStore } from './storage.ts';
import { UrlSigner, type FileVariant } from './signing.ts';

/** Types sharp reads, for which width, height and a thumbnail are made. */
const imageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/tiff']);
/** What thumbnails are. */
export const thumbnailType = 'image/webp';
/** An image may not unpack to more pixels than this (a small file can claim a huge picture). */
const maxPixels = 50_000_000;

export const storeKey = (id: string, variant: FileVariant) => (variant === 'file' ? id : `${id}.thumbnail`);

const sweepBatch = 500;

interface UploadsDeps {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  store?: UploadStore;
}

export class Uploads {
  readonly store: UploadStore;
  readonly signer: UrlSigner;
  readonly #deps: UploadsDeps;
  #origin: string;
  #timer: NodeJS.Timeout | null = null;
  #sweeping: Promise<unknown> | null = null;

  constructor(deps: UploadsDeps) {
    this.#deps = deps;
    this.store = deps.store ?? createUploadStore(deps.config);
    this.signer = new UrlSigner(deps.config.authSecret, deps.config.uploads.urlTtlSeconds);
    this.#origin = deps.config.publicUrl ?? `http://localhost:${deps.config.port}`;
  }

  /** Where clients reach this server, when PUBLIC_URL does not say: learnt when it listens. */
  listeningAt(origin: string): void {
    if (!this.#deps.config.publicUrl) this.#origin = origin;
  }

  /**
   * A URL `viewerId` may GET the file (or its thumbnail) with, for a while, with no header; with no
   * viewer (the API key alone), the plain URL, which needs a user's bearer token.
   */
  fileUrl(id: string, variant: FileVariant, viewerId: string | null | undefined): string {
    const url = `${this.#origin}${variant === 'file' ? `/files/${id}` : `/files/${id}/thumbnail`}`;
    if (!viewerId) return url;
    const { u, exp, sig } = this.signer.sign(id, variant, viewerId, this.#deps.clock.now());
    return `${url}?${new URLSearchParams({ u, exp: String(exp), sig })}`;
  }

  /** Checks and keeps an uploaded file for `ownerId`. */
  async accept(file: File, ownerId: string): Promise<Upload> {
    const { maxBytes, types, thumbnailSize } = this.#deps.config.uploads;
    const tooLarge = () => badInput(`The file is larger than ${maxBytes} bytes, the largest upload accepted.`, 'file');
    if (file.size > maxBytes) throw tooLarge();
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length > maxBytes) throw tooLarge();
    if (bytes.length === 0) throw badInput('The file is empty.', 'file');
    const sniffed = await fileTypeFromBuffer(bytes);
    if (!sniffed || !types.includes(sniffed.mime)) {
      throw badInput(
        `The file's content is ${sniffed ? sniffed.mime : 'of no type recognised'}; accepted: ${types.join(', ')}. The type is read from the bytes, not the name.`,
        'file',
      );
    }
    let image: { width: number; height: number; thumbnail: Uint8Array } | null = null;
    if (imageTypes.has(sniffed.mime)) image = await this.#thumbnail(bytes, thumbnailSize);

    const id = randomUUID();
    const name = cleanName(file.name);
    const kept: FileVariant[] = [];
    try {
      await this.store.put(storeKey(id, 'file'), bytes, sniffed.mime);
      kept.push('file');
      if (image) {
        await this.store.put(storeKey(id, 'thumbnail'), image.thumbnail, thumbnailType);
        kept.push('thumbnail');
      }
      return await this.#deps.db.prisma.upload.create({
        data: {
          id,
          ownerId,
          contentType: sniffed.mime,
          size: bytes.length,
          name,
          width: image?.width ?? null,
          height: image?.height ?? null,
          hasThumbnail: image !== null,
          createdAt: this.#deps.clock.now(),
        },
      });
    } catch (error) {
      // nothing left behind: the bytes kept so far go too
      await Promise.allSettled(kept.map((variant) => this.store.delete(storeKey(id, variant))));
      throw error;
    }
  }

  async #thumbnail(bytes: Uint8Array, size: number) {
    try {
      const source = sharp(bytes, { limitInputPixels: maxPixels, animated: false });
      const { width, height, orientation } = await source.metadata();
      if (!width || !height) throw new Error('no size');
      // EXIF orientations 5 to 8 turn the picture a quarter: what is shown is the other way round
      const turned = (orientation ?? 1) >= 5;
      const thumbnail = await source
        .rotate()
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
      return { width: turned ? height : width, height: turned ? width : height, thumbnail: new Uint8Array(thumbnail) };
    } catch {
      throw badInput('The image cannot be read: it is damaged, or larger than 50 megapixels.', 'file');
    }
  }

  /** Deletes orphans (never attached, older than UPLOAD_ORPHAN_TTL_SECONDS): rows first, then bytes. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.#deps.clock.now().getTime() - this.#deps.config.uploads.orphanTtlSeconds * 1000);
    let total = 0;
    for (;;) {
      const gone = await deleteOrphanUploads(this.#deps.db, cutoff, sweepBatch);
      // a row is gone before its bytes: no one is served half a file; bytes a crash leaves are harmless
      await Promise.all(
        gone.flatMap(({ id, hasThumbnail }) => [
          this.store.delete(storeKey(id, 'file')),
          ...(hasThumbnail ? [this.store.delete(storeKey(id, 'thumbnail'))] : []),
        ]),
      );
      total += gone.length;
      if (gone.length < sweepBatch) return total;
    }
  }

  start(): void {
    if (this.#timer) return;
    const every = this.#deps.config.uploads.sweepIntervalSeconds * 1000;
    this.#timer = setInterval(() => {
      if (this.#sweeping) return;
      this.#sweeping = this.sweep()
        .then((count) => count && this.#deps.logger.info({ count }, 'expired orphan uploads'))
        .catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'orphan upload sweep failed'))
        .finally(() => (this.#sweeping = null));
    }, every);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#sweeping;
  }
}

/** The name the client gave, for display only: no folders, no control characters, at most 255. */
function cleanName(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = [...base.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, 255).join('');
  return clean || null;
}

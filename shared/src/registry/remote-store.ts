// The `oci://` backend: the OCI distribution API. Blobs stream from and to disk (monolithic
// PUT for small ones, POST + PATCH chunks + PUT ?digest= for large ones); every digest is
// verified while streaming; manifests are fetched with the OCI Accept types.
import { createHash } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { PipewrightError } from '../errors.ts';
import { RegistryCorruptError, RegistryNotFoundError, RegistryUnavailableError } from './errors.ts';
import { reusedChunks, writeHashed } from './fsio.ts';
import { RegistryHttp, type RetryPolicy } from './http.ts';
import { type Descriptor, type ImageIndex, isDigest, MEDIA, sha256Digest } from './oci.ts';
import type { FaultHook, OciStore, StoredManifest } from './store.ts';

const ACCEPT = [MEDIA.manifest, MEDIA.index].join(', ');
/** Files up to this size are hashed before upload, so an existing blob is skipped by HEAD. */
const PREHASH_LIMIT = 256 * 1024 * 1024;

export interface RemoteOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  chunkSize?: number;
  faults?: FaultHook;
}

/** Bytes `start`..`end` of a file, hashed and counted on the way; chunks reuse one buffer. */
async function* fileChunks(path: string, start: number, end: number, hash?: ReturnType<typeof createHash>, progress?: (n: number) => void) {
  let sent = 0;
  for await (const chunk of reusedChunks(path, start, end)) {
    hash?.update(chunk);
    sent += chunk.length;
    progress?.(sent);
    yield chunk;
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of reusedChunks(path)) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}

export class RemoteStore implements OciStore {
  readonly serialised = false;
  private readonly http: RegistryHttp;
  private readonly manifests = new Map<string, StoredManifest>();
  private readonly chunkSize: number;
  private referrersApi: boolean | undefined;

  constructor(
    readonly url: string,
    host: string,
    repository: string,
    private readonly options: RemoteOptions = {},
  ) {
    this.http = new RegistryHttp(host, repository, {
      env: options.env,
      signal: options.signal,
      retry: { attempts: options.retry?.attempts ?? 5, baseDelayMs: options.retry?.baseDelayMs ?? 250 },
    });
    this.chunkSize = options.chunkSize ?? 64 * 1024 * 1024;
  }

  private get where(): string {
    return `${this.http.host}/${this.http.repository}`;
  }

  async hasBlob(digest: string): Promise<boolean> {
    const response = await this.http.request('HEAD', `blobs/${digest}`);
    if (response.status === 404) return false;
    if (!response.ok) throw await this.http.failure(response, `HEAD blob ${digest}`);
    return true;
  }

  private async startUpload(): Promise<string> {
    const response = await this.http.request('POST', 'blobs/uploads/', { push: true, headers: { 'content-length': '0' } });
    const location = response.headers.get('location');
    if (response.status !== 202 || !location) throw await this.http.failure(response, 'POST blobs/uploads/');
    await response.body?.cancel();
    return location;
  }

  private async finishUpload(location: string, digest: string, body?: { bytes?: Uint8Array; file?: string; size: number; progress?: (n: number) => void }): Promise<void> {
    const target = new URL(this.http.url(location));
    target.searchParams.set('digest', digest);
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(body?.size ?? 0) };
    const file = body?.file;
    const response = file
      ? await this.http.upload('PUT', target.toString(), headers, () => fileChunks(file, 0, body.size - 1, undefined, body.progress))
      : await this.http.request('PUT', target.toString(), { push: true, headers, body: body?.bytes ? () => body.bytes : undefined });
    if (response.status !== 201) throw await this.http.failure(response, `PUT blob ${digest}`);
    await response.body?.cancel();
  }

  async putBytes(bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
    const descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.byteLength };
    if (!(await this.hasBlob(descriptor.digest))) await this.finishUpload(await this.startUpload(), descriptor.digest, { bytes, size: bytes.byteLength });
    return descriptor;
  }

  async putFile(path: string, mediaType: string, progress?: (bytes: number) => void): Promise<Descriptor> {
    const { size } = await stat(path);
    let digest: string | undefined;
    if (size <= PREHASH_LIMIT) {
      digest = await hashFile(path);
      if (await this.hasBlob(digest)) {
        progress?.(size);
        return { mediaType, digest, size };
      }
    }
    const attempts = 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const location = await this.startUpload();
        if (digest && size <= this.chunkSize) await this.finishUpload(location, digest, { file: path, size, progress });
        else digest = await this.uploadChunks(location, path, size, progress);
        this.options.faults?.('blob-written');
        return { mediaType, digest, size };
      } catch (error) {
        if (attempt >= attempts || this.options.signal?.aborted || !(error instanceof TypeError || error instanceof RegistryUnavailableError)) throw error;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }

  /** POST, then one PATCH per chunk (Content-Range), hashing as the bytes go, then PUT ?digest=. */
  private async uploadChunks(location: string, path: string, size: number, progress?: (bytes: number) => void): Promise<string> {
    let hash = createHash('sha256');
    let current = location;
    for (let start = 0; start < size; start += this.chunkSize) {
      const end = Math.min(start + this.chunkSize, size) - 1;
      let sending = hash;
      const response = await this.http.upload(
        'PATCH',
        current,
        { 'content-type': 'application/octet-stream', 'content-range': `${start}-${end}`, 'content-length': String(end - start + 1) },
        () => {
          // A body re-sent after an auth round-trip must not hash its bytes twice.
          sending = hash.copy();
          return fileChunks(path, start, end, sending, (n) => progress?.(start + n));
        },
      );
      hash = sending;
      if (response.status !== 202) throw await this.http.failure(response, `PATCH blob upload (bytes ${start}-${end})`);
      await response.body?.cancel();
      current = response.headers.get('location') ?? current;
    }
    const digest = `sha256:${hash.digest('hex')}`;
    await this.finishUpload(current, digest);
    return digest;
  }

  private async getBlob(descriptor: Descriptor): Promise<Response> {
    const response = await this.http.request('GET', `blobs/${descriptor.digest}`);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new RegistryCorruptError(`blob ${descriptor.digest} is missing from ${this.where}`);
    }
    if (!response.ok || !response.body) throw await this.http.failure(response, `GET blob ${descriptor.digest}`);
    return response;
  }

  async readBlob(descriptor: Descriptor): Promise<Uint8Array> {
    const bytes = await this.restarting(descriptor.digest, async () => new Uint8Array(await (await this.getBlob(descriptor)).arrayBuffer()));
    const actual = sha256Digest(bytes);
    if (actual !== descriptor.digest) throw new RegistryCorruptError(`blob ${descriptor.digest} from ${this.where} is corrupt: expected digest ${descriptor.digest}, found ${actual}`);
    return bytes;
  }

  /** Runs a blob read again when the connection breaks mid-stream (not on a registry answer). */
  private async restarting<T>(digest: string, read: () => Promise<T>): Promise<T> {
    const attempts = 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (error instanceof PipewrightError || this.options.signal?.aborted) throw error;
        if (attempt >= attempts) {
          const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
          throw new RegistryUnavailableError(`registry ${this.http.host}: the download of blob ${digest} broke off ${attempts} times: ${cause}`, error);
        }
      }
    }
  }

  async downloadBlob(descriptor: Descriptor, destination: string, progress?: (bytes: number) => void): Promise<void> {
    return this.restarting(descriptor.digest, () => this.downloadOnce(descriptor, destination, progress));
  }

  private async downloadOnce(descriptor: Descriptor, destination: string, progress?: (bytes: number) => void): Promise<void> {
    const response = await this.getBlob(descriptor);
    const hash = createHash('sha256');
    const handle = await open(destination, 'wx');
    let size = 0;
    try {
      size = await writeHashed(response.body as unknown as AsyncIterable<Uint8Array>, handle, hash, progress);
    } catch (error) {
      await handle.close();
      await rm(destination, { force: true });
      throw error;
    }
    await handle.close();
    const actual = `sha256:${hash.digest('hex')}`;
    if (actual !== descriptor.digest || size !== descriptor.size) {
      await rm(destination, { force: true });
      throw new RegistryCorruptError(`blob ${descriptor.digest} from ${this.where} is corrupt: expected digest ${descriptor.digest} (${descriptor.size} bytes), found ${actual} (${size} bytes)`);
    }
  }

  async putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<Descriptor> {
    const digest = sha256Digest(bytes);
    let response: Response;
    for (let attempt = 1; ; attempt++) {
      response = await this.http.request('PUT', `manifests/${tag ?? digest}`, { push: true, headers: { 'content-type': mediaType }, body: () => bytes });
      if (response.status === 201) break;
      const failure = await this.http.failure(response, `PUT manifest ${tag ?? digest}`);
      // A blob another client is still committing (same digest, uploaded at the same moment)
      // can be reported unknown for a moment: wait for it rather than fail.
      if (attempt >= 6 || !failure.message.includes('BLOB_UNKNOWN')) throw failure;
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
    if (response.headers.get('oci-subject')) this.referrersApi = true;
    await response.body?.cancel();
    const descriptor = { mediaType, digest, size: bytes.byteLength };
    this.manifests.set(digest, { descriptor, bytes });
    return descriptor;
  }

  async getManifest(reference: string): Promise<StoredManifest | null> {
    const cached = this.manifests.get(reference);
    if (cached) return cached;
    const response = await this.http.request('GET', `manifests/${reference}`, { headers: { accept: ACCEPT } });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) throw await this.http.failure(response, `GET manifest ${reference}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && digest !== reference) throw new RegistryCorruptError(`manifest ${reference} from ${this.where} is corrupt: its content hashes to ${digest}`);
    const mediaType = response.headers.get('content-type')?.split(';')[0] ?? MEDIA.manifest;
    const stored = { descriptor: { mediaType, digest, size: bytes.byteLength }, bytes };
    this.manifests.set(digest, stored);
    return stored;
  }

  async resolve(tag: string): Promise<Descriptor | null> {
    const response = await this.http.request('HEAD', `manifests/${tag}`, { headers: { accept: ACCEPT } });
    if (response.status === 404) return null;
    if (!response.ok) throw await this.http.failure(response, `HEAD manifest ${tag}`);
    const digest = response.headers.get('docker-content-digest');
    if (digest && isDigest(digest)) {
      return { mediaType: response.headers.get('content-type')?.split(';')[0] ?? MEDIA.manifest, digest, size: Number(response.headers.get('content-length') ?? 0) };
    }
    return (await this.getManifest(tag))?.descriptor ?? null;
  }

  async tags(): Promise<string[]> {
    const all: string[] = [];
    let next: string | undefined = 'tags/list?n=1000';
    while (next) {
      const response = await this.http.request('GET', next);
      if (response.status === 404) {
        await response.body?.cancel();
        return all;
      }
      if (!response.ok) throw await this.http.failure(response, 'GET tags/list');
      all.push(...(((await response.json()) as { tags?: string[] | null }).tags ?? []));
      next = /<([^>]+)>;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return all;
  }

  async setTags(tags: Record<string, Descriptor>): Promise<void> {
    for (const [tag, descriptor] of Object.entries(tags)) {
      const stored = await this.getManifest(descriptor.digest);
      if (!stored) throw new RegistryNotFoundError(`refusing to tag ${tag}: manifest ${descriptor.digest} is not in ${this.where}`);
      await this.putManifest(stored.bytes, stored.descriptor.mediaType, tag);
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async referrers(digest: string): Promise<Descriptor[] | null> {
    if (this.referrersApi === false) return null;
    const response = await this.http.request('GET', `referrers/${digest}`, { headers: { accept: MEDIA.index } });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !type.startsWith(MEDIA.index)) {
      await response.body?.cancel();
      this.referrersApi = false;
      return null;
    }
    this.referrersApi = true;
    return ((await response.json()) as ImageIndex).manifests ?? [];
  }
}

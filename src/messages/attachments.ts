// Message attachments (Channelize's formats): checked on the way in, stored as a flat JSON object
// holding only the keys of their kind, and typed by kind on the way out.
import { badInput } from '../errors.ts';
import { checkJsonObject, isHttpUrl } from '../common/validate.ts';

export interface AttachmentInput {
  type: string;
  customType?: string | null;
  fileUrl?: string | null;
  /** an upload of this server (uploadFile): its URLs are made for each viewer */
  fileId?: string | null;
  name?: string | null;
  mimeType?: string | null;
  extension?: string | null;
  size?: number | null;
  thumbnailUrl?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  title?: string | null;
  address?: string | null;
  downsampledUrl?: string | null;
  originalUrl?: string | null;
  stillUrl?: string | null;
  adminMessageType?: string | null;
  metaData?: unknown;
  text?: string | null;
  extra?: unknown;
}

export type StoredAttachment = { type: string } & Partial<Omit<AttachmentInput, 'type'>> & {
    extra?: Record<string, unknown>;
    metaData?: Record<string, unknown>;
  };

const fileKinds = ['image', 'audio', 'video', 'document'] as const;
const gifKinds = ['gif', 'sticker'];

type AttachmentKind = 'FileAttachment' | 'LocationAttachment' | 'GifAttachment' | 'AdminAttachment' | 'TextAttachment' | 'CustomAttachment';

export function attachmentKindOf(a: Pick<StoredAttachment, 'type' | 'adminMessageType'>): AttachmentKind {
  if (a.adminMessageType) return 'AdminAttachment';
  if ((fileKinds as readonly string[]).includes(a.type)) return 'FileAttachment';
  if (a.type === 'location') return 'LocationAttachment';
  if (gifKinds.includes(a.type)) return 'GifAttachment';
  if (a.type === 'text') return 'TextAttachment';
  return 'CustomAttachment';
}

/** The keys each kind may carry, besides type, customType and extra. */
const keysOf: Record<AttachmentKind, (keyof AttachmentInput)[]> = {
  FileAttachment: ['fileUrl', 'fileId', 'name', 'mimeType', 'extension', 'size', 'thumbnailUrl'],
  LocationAttachment: ['latitude', 'longitude', 'title', 'address'],
  GifAttachment: ['downsampledUrl', 'originalUrl', 'stillUrl'],
  AdminAttachment: ['adminMessageType', 'metaData'],
  TextAttachment: ['text'],
  CustomAttachment: [],
};

const maxFileSize = 50 * 1024 ** 3;

function limit(value: string | null | undefined, field: string, max: number, pattern?: RegExp) {
  if (value == null) return;
  if ([...value].length > max || (pattern && !pattern.test(value))) {
    throw badInput(`${field} is not valid${pattern ? '' : `: at most ${max} characters`}.`, field);
  }
}

function url(value: string | null | undefined, field: string, required = false) {
  if (value == null || value === '') {
    if (required) throw badInput(`${field} is required for this kind of attachment.`, field);
    return;
  }
  if (!isHttpUrl(value)) throw badInput(`${field} must be an http(s) URL.`, field);
}

const uploadId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uploadUrl = /^\/files\/([0-9a-f-]{36})(?:\/thumbnail)?$/;

/**
 * An upload named by its id, or by the URL uploadFile gave (signed for the uploader): kept as its
 * id alone, since its URLs are made for each viewer when read (schema/attachment.ts).
 */
function withUploadId(input: AttachmentInput): AttachmentInput {
  let fileId = input.fileId;
  if (!fileId && input.fileUrl && isHttpUrl(input.fileUrl)) {
    const u = new URL(input.fileUrl);
    const named = u.searchParams.has('sig') ? uploadUrl.exec(u.pathname)?.[1] : undefined;
    if (named) fileId = named;
  }
  if (!fileId) return input;
  return { ...input, fileId, fileUrl: null, thumbnailUrl: null };
}

/** Checks one attachment and returns what is stored. `allowAdmin`: ADMIN messages of the system or the API key. */
export function checkAttachment(
  input: AttachmentInput,
  index: number,
  options: { allowAdmin: boolean; maxText: number },
): StoredAttachment {
  const at = (field: string) => `attachments[${index}].${field}`;
  limit(input.type, at('type'), 32, /^[A-Za-z0-9_.:-]{1,32}$/);
  limit(input.customType, at('customType'), 64);
  const kind = attachmentKindOf(input);
  if (kind === 'AdminAttachment' && !options.allowAdmin) {
    throw badInput('Admin attachments are posted by the system or with the API key.', at('adminMessageType'));
  }
  const allowed = new Set<string>(['type', 'customType', 'extra', ...keysOf[kind]]);
  for (const [key, value] of Object.entries(input)) {
    if (value !== null && value !== undefined && !allowed.has(key)) {
      throw badInput(`${at(key)} does not belong to a ${input.type} attachment; put your own keys in extra.`, at(key));
    }
  }
  switch (kind) {
    case 'FileAttachment':
      input = withUploadId(input);
      limit(input.fileId, at('fileId'), 36, uploadId);
      url(input.fileUrl, at('fileUrl'), !input.fileId);
      url(input.thumbnailUrl, at('thumbnailUrl'));
      limit(input.name, at('name'), 255);
      limit(input.mimeType, at('mimeType'), 127, /^[\w.+-]+\/[\w.+-]+$/);
      limit(input.extension, at('extension'), 16, /^[A-Za-z0-9]{1,16}$/);
      if (input.size != null && (!Number.isInteger(input.size) || input.size < 0 || input.size > maxFileSize)) {
        throw badInput(`${at('size')} must be a whole number of bytes from 0 to ${maxFileSize}.`, at('size'));
      }
      break;
    case 'LocationAttachment':
      if (input.latitude == null || input.latitude < -90 || input.latitude > 90) {
        throw badInput(`${at('latitude')} must be between -90 and 90.`, at('latitude'));
      }
      if (input.longitude == null || input.longitude < -180 || input.longitude > 180) {
        throw badInput(`${at('longitude')} must be between -180 and 180.`, at('longitude'));
      }
      limit(input.title, at('title'), 200);
      limit(input.address, at('address'), 500);
      break;
    case 'GifAttachment':
      url(input.originalUrl, at('originalUrl'), true);
      url(input.downsampledUrl, at('downsampledUrl'));
      url(input.stillUrl, at('stillUrl'));
      break;
    case 'AdminAttachment':
      limit(input.adminMessageType, at('adminMessageType'), 64, /^[a-z0-9_]{1,64}$/);
      checkJsonObject(input.metaData, at('metaData'));
      break;
    case 'TextAttachment':
      limit(input.text, at('text'), options.maxText);
      break;
    case 'CustomAttachment':
      break;
  }
  checkJsonObject(input.extra, at('extra'));
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as StoredAttachment;
}

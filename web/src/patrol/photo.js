// Camera photos for a found report: checked, resized in the browser to at most MAX_EDGE px on
// the long side and re-encoded as JPEG before upload. On a saturated mobile network the upload
// is most of the time a report takes; a 12-megapixel camera JPEG of 3 MB becomes ~300 KB.
export const MAX_EDGE = 1600;
export const MAX_PHOTOS = 4;                    // the gateway's and case-service's limit
const MAX_INPUT_BYTES = 40 * 1024 * 1024;       // larger than any phone camera's JPEG
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;       // case-service's per-photo limit
const MAX_PIXELS = 40_000_000;                  // the gateway's decode limit (photo_check.cc)
const MIN_EDGE = 64;

export class PhotoError extends Error {
  constructor(key) { super(key); this.key = key; }
}

function encode(canvas, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

// → { blob, width, height, url } or throws PhotoError('photo_not_image' | 'photo_too_large' |
// 'photo_bad_size').
export async function preparePhoto(file) {
  if (file.type && !file.type.startsWith('image/')) throw new PhotoError('photo_not_image');
  if (file.size > MAX_INPUT_BYTES) throw new PhotoError('photo_too_large');
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new PhotoError('photo_not_image');
  }
  const { width, height } = bitmap;
  const long = Math.max(width, height), short = Math.min(width, height);
  if (short < MIN_EDGE || width * height > MAX_PIXELS || long / short > 8) {
    bitmap.close();
    throw new PhotoError('photo_bad_size');
  }
  const scale = Math.min(1, MAX_EDGE / long);
  const w = Math.round(width * scale), h = Math.round(height * scale);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  let blob = await encode(canvas, 0.82);
  if (blob && blob.size > MAX_UPLOAD_BYTES) blob = await encode(canvas, 0.6);
  if (!blob || blob.size > MAX_UPLOAD_BYTES) throw new PhotoError('photo_too_large');
  return { blob, width: w, height: h, url: URL.createObjectURL(blob) };
}

/**
 * Turns an uploaded picture into what is stored: decoded and re-encoded by sharp (libvips), so
 * nothing of the original file survives but the pixels. EXIF (camera, time, GPS), XMP, IPTC and
 * the ICC profile are dropped (colours are converted to sRGB first, so they still look right),
 * the orientation tag is applied to the pixels before it goes, and a thumbnail is made.
 */
import sharp, { type Metadata } from "sharp";
import { DomainError, type RefusalKind } from "../../domain/errors.ts";
import { dimensionProblem, PHOTO_FORMATS, type PhotoLimits } from "../../domain/record/photo-rules.ts";

export interface ProcessedPhoto {
  full: { bytes: Buffer; width: number; height: number };
  thumb: { bytes: Buffer; width: number; height: number };
}

const FORMAT_NAMES = "JPEG, PNG, WebP or HEIF/AVIF";

function refused(kind: RefusalKind, code: string, what: string): DomainError {
  return new DomainError(kind, code, `body: ${what}`, { body: what });
}

export async function processPhoto(input: Buffer, limits: PhotoLimits): Promise<ProcessedPhoto> {
  let meta: Metadata;
  try {
    // Only the header is read here: a decompression bomb is refused before any pixel is decoded.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw refused(
      "unsupported_media",
      "unsupported_photo",
      `not a picture in a supported format (${FORMAT_NAMES})`,
    );
  }
  if (!(PHOTO_FORMATS as readonly string[]).includes(meta.format ?? "")) {
    throw refused(
      "unsupported_media",
      "unsupported_photo",
      `${meta.format ?? "unknown"} is not accepted; use ${FORMAT_NAMES}`,
    );
  }
  if ((meta.pages ?? 1) > 1) {
    throw refused(
      "unsupported_media",
      "unsupported_photo",
      "an animation or multi-page image is not a photograph",
    );
  }
  // Width and height as the picture will be seen: EXIF orientations 5-8 swap them.
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = (swapped ? meta.height : meta.width) ?? 0;
  const height = (swapped ? meta.width : meta.height) ?? 0;
  const problem = dimensionProblem(width, height, limits);
  if (problem) throw refused("unprocessable", "invalid_photo_dimensions", problem);

  try {
    const decoded = sharp(input, { limitInputPixels: limits.maxPixels, failOn: "error" })
      .rotate()
      .toColourspace("srgb");
    const full = await decoded
      .clone()
      .resize(limits.storedSide, limits.storedSide, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 88, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await decoded
      .clone()
      .resize(limits.thumbSide, limits.thumbSide, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 78, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return {
      full: { bytes: full.data, width: full.info.width, height: full.info.height },
      thumb: { bytes: thumb.data, width: thumb.info.width, height: thumb.info.height },
    };
  } catch {
    // HEIC from an iPhone (HEVC) is read by the header but not decoded by the bundled libvips.
    throw refused(
      "unsupported_media",
      "unsupported_photo",
      `the picture could not be decoded; send it as ${FORMAT_NAMES}`,
    );
  }
}

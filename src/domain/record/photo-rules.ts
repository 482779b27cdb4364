/**
 * Rules of clinical photographs: the standard views, what an acceptable picture is, and where a
 * photo may be shown given the consent it was taken under.
 */
import type { PhotoScope } from "./consent-rules.ts";

export const PHOTO_VIEWS = ["front", "left-45", "right-45", "left-90", "right-90"] as const;
export type PhotoView = (typeof PHOTO_VIEWS)[number];

export const PHOTO_VIEW_LABELS: Record<PhotoView, string> = {
  front: "Front",
  "left-45": "Left 45°",
  "right-45": "Right 45°",
  "left-90": "Left 90° (profile)",
  "right-90": "Right 90° (profile)",
};

/** Formats a camera or a photo library hands over; anything else (SVG, GIF, TIFF, RAW) is refused. */
export const PHOTO_FORMATS = ["jpeg", "png", "webp", "heif"] as const;

export interface PhotoLimits {
  /** Shortest side: below it a picture cannot show skin texture. */
  minSide: number;
  /** Longest side, whatever the pixel count: a 30000 x 10 strip is not a photograph. */
  maxSide: number;
  maxPixels: number;
  /** Longest side of the stored picture and of its thumbnail. */
  storedSide: number;
  thumbSide: number;
}

export const DEFAULT_PHOTO_LIMITS: PhotoLimits = {
  minSide: 200,
  maxSide: 12_000,
  maxPixels: 50_000_000,
  storedSide: 3000,
  thumbSide: 320,
};

/** What is wrong with a picture of these dimensions, or null when it is acceptable. */
export function dimensionProblem(width: number, height: number, limits: PhotoLimits): string | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    return "the image has no readable dimensions";
  }
  if (Math.min(width, height) < limits.minSide) {
    return `${width}x${height} pixels: each side must be at least ${limits.minSide} pixels`;
  }
  if (Math.max(width, height) > limits.maxSide) {
    return `${width}x${height} pixels: no side may exceed ${limits.maxSide} pixels`;
  }
  if (width * height > limits.maxPixels) {
    return `${width}x${height} pixels: more than ${limits.maxPixels} pixels`;
  }
  // Five to one is wider than any standard view; beyond it the file is a strip or a banner.
  if (Math.max(width, height) / Math.min(width, height) > 5) {
    return `${width}x${height} pixels: too narrow for a photograph (sides more than 5:1)`;
  }
  return null;
}

/** Where a photo is being shown: the clinical record, or material released for marketing. */
export type PhotoContext = "clinical" | "marketing";

/**
 * Whether a photo may be shown in a context. The clinical record shows every photo of the
 * patient (both scopes include clinical use). Marketing shows only photos taken under a
 * marketing consent, and only while the patient's current photo consent still allows marketing:
 * withdrawing or narrowing the consent takes the photos out of marketing at once.
 */
export function photoShownIn(
  photoScope: PhotoScope,
  context: PhotoContext,
  currentConsentScope: PhotoScope | null,
): boolean {
  if (context === "clinical") return true;
  return photoScope === "marketing" && currentConsentScope === "marketing";
}

/** The scope a new photo carries: the patient's current photo consent, or none (no photo may be taken). */
export function scopeForNewPhoto(
  currentConsent: { current: boolean; photoScope: PhotoScope | null } | null,
): PhotoScope | null {
  if (!currentConsent?.current) return null;
  return currentConsent.photoScope;
}

export interface ComparablePhoto {
  id: string;
  view: PhotoView;
  takenOn: string;
  chartId: string | null;
  /** When the photo was stored (an instant, or its ISO 8601 text). */
  createdAt: Date | string;
}

/**
 * The photos of one view in the order they were taken (oldest first), one per session day: when a
 * view was taken twice on a day, the later take counts (it is the one kept after a retake).
 */
export function comparisonSeries<T extends ComparablePhoto>(photos: readonly T[], view: PhotoView): T[] {
  const byDay = new Map<string, T>();
  const sorted = photos
    .filter((p) => p.view === view)
    .sort(
      (a, b) =>
        a.takenOn.localeCompare(b.takenOn) ||
        new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime(),
    );
  for (const p of sorted) byDay.set(p.takenOn, p);
  return [...byDay.values()];
}

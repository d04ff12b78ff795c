/**
 * Reading a permit's QR code from the camera or a photo: the browser's own BarcodeDetector where it reads
 * QR codes, else the JavaScript decoder (qr-reader.ts), fetched the first time a picture is read.
 */
interface BarcodeReader {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeReaderClass {
  new (options: { formats: string[] }): BarcodeReader;
  getSupportedFormats(): Promise<string[]>;
}

let browserReader: Promise<BarcodeReader | undefined> | undefined;

function nativeReader(): Promise<BarcodeReader | undefined> {
  browserReader ??= (async () => {
    const Detector = (globalThis as { BarcodeDetector?: BarcodeReaderClass }).BarcodeDetector;
    try {
      return Detector && (await Detector.getSupportedFormats()).includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : undefined;
    } catch {
      return undefined;
    }
  })();
  return browserReader;
}

/** The decoder's code could not be fetched (offline before it was ever kept, say). */
export class ReaderUnavailable extends Error {}

let decoder: Promise<typeof import('./qr-reader.ts')> | undefined;

/** The decoder chunk; a failed load is tried again next time. */
function javascriptReader(): Promise<typeof import('./qr-reader.ts')> {
  decoder ??= import('./qr-reader.ts').catch(() => {
    decoder = undefined;
    throw new ReaderUnavailable('The QR decoder could not be loaded');
  });
  return decoder;
}

const canvas = document.createElement('canvas');

/** The source's pixels, scaled down so that its longer side is at most `maxSide`. */
function pixelsOf(source: CanvasImageSource, width: number, height: number, maxSide: number): ImageData {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

async function readWithBrowser(source: ImageBitmapSource): Promise<string | undefined> {
  const reader = await nativeReader();
  if (!reader) return undefined;
  const [code] = await reader.detect(source).catch(() => []);
  return code?.rawValue || undefined;
}

/** The text of the QR code in a photo, or undefined when none can be read. Throws ReaderUnavailable. */
export async function readQrFromPhoto(file: Blob): Promise<string | undefined> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return undefined;
  }
  try {
    const native = await readWithBrowser(bitmap);
    if (native) return native;
    const { decodeQrImage } = await javascriptReader();
    return decodeQrImage(pixelsOf(bitmap, bitmap.width, bitmap.height, 1600), 'photo');
  } finally {
    bitmap.close();
  }
}

export interface CameraScan {
  stop(): void;
}

/** Milliseconds between two frames read: about eight a second, leaving a phone's processor for the rest. */
const FRAME_INTERVAL_MS = 120;

/**
 * Reads frames from the back camera until a QR code is read, then stops the camera and hands over its text.
 * Throws ReaderUnavailable, or the browser's error when no camera can be opened.
 */
export async function scanWithCamera(video: HTMLVideoElement, onCode: (text: string) => void): Promise<CameraScan> {
  const useBrowser = (await nativeReader()) !== undefined;
  const reader = useBrowser ? undefined : await javascriptReader();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  video.srcObject = stream;
  await video.play();
  const readFrame = async () => {
    if (stopped) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const text = reader
        ? reader.decodeQrImage(pixelsOf(video, video.videoWidth, video.videoHeight, 960), 'frame')
        : await readWithBrowser(video);
      if (text && !stopped) {
        stop();
        onCode(text);
        return;
      }
    }
    setTimeout(readFrame, FRAME_INTERVAL_MS);
  };
  void readFrame();
  return { stop };
}

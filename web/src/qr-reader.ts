/** The JavaScript QR decoder, in a chunk of its own: only the checkpoint page loads it, and only to read a picture. */
import { decodeQR } from 'qr/decode.js';

/** The text of the QR code in the image, if one can be read; a photo gets more retries than a live frame. */
export function decodeQrImage(image: ImageData, source: 'photo' | 'frame'): string | undefined {
  try {
    return decodeQR(image, source === 'photo' ? { effort: 4, timeLimit: 800 } : {});
  } catch {
    return undefined;
  }
}

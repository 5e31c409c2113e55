/**
 * PNG files from resvg's pixels, written here rather than by resvg's `asPng`: that runs on the
 * calling thread and compresses hard (about 20 ms of a chart's 50, on the event loop even after
 * `renderAsync`), while a chart is flat colour that compresses well at zlib's fastest level, and
 * `zlib.deflate` runs on the thread pool. RGBA, 8 bits, no interlace; each row unfiltered.
 */
import { crc32, deflate, deflateSync } from "node:zlib";

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);
const DEFLATE = { level: 1 };

/** The rows of `rgba` (`width` × `height` pixels), each after its filter byte (0: none). */
function scanlines(width: number, height: number, rgba: Uint8Array): Buffer {
  const row = width * 4;
  if (rgba.length !== row * height) {
    throw new RangeError(`${rgba.length} bytes are not ${width}×${height} RGBA pixels`);
  }
  const out = Buffer.alloc((row + 1) * height);
  const source = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  for (let y = 0; y < height; y++) source.copy(out, y * (row + 1) + 1, y * row, (y + 1) * row);
  return out;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, tail]);
}

function file(width: number, height: number, compressed: Uint8Array): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const png = Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", compressed),
    chunk("IEND", new Uint8Array(0)),
  ]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** A PNG of `rgba` pixels, compressed on the calling thread. */
export function encodePngSync(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return file(width, height, deflateSync(scanlines(width, height, rgba), DEFLATE));
}

/** A PNG of `rgba` pixels, compressed on libuv's thread pool. */
export async function encodePng(
  width: number,
  height: number,
  rgba: Uint8Array,
): Promise<Uint8Array> {
  const rows = scanlines(width, height, rgba);
  const compressed = await new Promise<Buffer>((resolve, reject) => {
    deflate(rows, DEFLATE, (error, result) => (error ? reject(error) : resolve(result)));
  });
  return file(width, height, compressed);
}
